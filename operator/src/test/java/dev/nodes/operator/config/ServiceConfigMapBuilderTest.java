package dev.nodes.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigMapBuilderTest {

    @Test
    void carriesTheCacheSettingsAndTheNonSecretServiceSettings() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        np.getSpec().cache.ttlSeconds = 120;
        np.getSpec().cache.maxEntries = 777;
        ConfigMap cm = ServiceConfigMapBuilder.build(np);
        Map<String, String> data = cm.getData();
        assertEquals("np-config", cm.getMetadata().getName());
        assertEquals("120", data.get("APP_NODES_CACHE_TTL"));
        assertEquals("777", data.get("APP_NODES_CACHE_MAX_ENTRIES"));
        assertEquals("false", data.get("APP_MIGRATE_ON_START"));
        assertEquals("hashing", data.get("APP_EMBEDDING_PROVIDER"));
        assertEquals("10000", data.get("APP_EMBEDDING_TIMEOUT_MS"));
        assertEquals("redis://127.0.0.1:6379", data.get("APP_REDIS_URL"));
    }

    @Test
    void aRedisBehindASecretIsNotInTheConfigMap() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        np.getSpec().redis.host = null;
        np.getSpec().redis.secretRef = "nodes-redis";
        assertFalse(ServiceConfigMapBuilder.build(np).getData().containsKey("APP_REDIS_URL"));
    }
}
