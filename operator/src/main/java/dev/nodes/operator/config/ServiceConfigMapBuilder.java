package dev.nodes.operator.config;

import dev.nodes.contracts.ServiceSettings;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformSpec;
import dev.nodes.operator.secret.SecretReferences;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.TreeMap;

/** ConfigMap {@code <name>-config}: the service's non-secret settings as environment variables. */
public final class ServiceConfigMapBuilder {
    public static final int HTTP_PORT = 8080;
    /** Seconds between SIGTERM and the server's stop; well under the pod's 30 s termination grace. */
    static final int SHUTDOWN_DRAIN_SECONDS = 5;

    private ServiceConfigMapBuilder() {}

    public static ConfigMap build(NodesPlatform np) {
        return new ConfigMapBuilder()
                .withMetadata(ChildMetadata.metadata(np, ChildMetadata.configMapName(np), "config"))
                .withData(data(np.getSpec()))
                .build();
    }

    static Map<String, String> data(NodesPlatformSpec spec) {
        Map<String, String> data = new TreeMap<>();
        data.put(ServiceSettings.HTTP_PORT, Integer.toString(HTTP_PORT));
        // a Job runs the migrations before a rollout; pods must not race each other doing it
        data.put(ServiceSettings.MIGRATE_ON_START, "false");
        data.put(ServiceSettings.WORKERS_ENABLED, "true");
        // a pod keeps answering this long after SIGTERM, until kube-proxy has stopped sending it new connections
        data.put(ServiceSettings.SHUTDOWN_DRAIN_SECONDS, Integer.toString(SHUTDOWN_DRAIN_SECONDS));
        data.put(ServiceSettings.NODES_CACHE_TTL, Integer.toString(spec.cache.ttlSeconds));
        data.put(ServiceSettings.NODES_CACHE_MAX_ENTRIES, Integer.toString(spec.cache.maxEntries));
        data.put(ServiceSettings.EMBEDDING_PROVIDER, spec.embedding.provider.value());
        data.put(ServiceSettings.EMBEDDING_TIMEOUT_MS, Integer.toString(spec.embedding.timeoutMillis));
        if (spec.embedding.model != null && !spec.embedding.model.isEmpty()) {
            data.put(ServiceSettings.EMBEDDING_MODEL, spec.embedding.model);
        }
        if (!SecretReferences.usesRedisSecret(spec)) {
            data.put(ServiceSettings.REDIS_URL, "redis://" + spec.redis.host + ":" + spec.redis.port);
        }
        return data;
    }
}
