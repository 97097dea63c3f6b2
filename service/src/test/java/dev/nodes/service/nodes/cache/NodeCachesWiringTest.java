package dev.nodes.service.nodes.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestRedis;
import dev.nodes.service.testing.TestService;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service reports its cache in /health/ready and /metrics. */
class NodeCachesWiringTest {

    @Test
    void readyReportsTheRedisCacheAndMetricsAreExposed() {
        try (TestService service = TestService.start(Map.of("APP_REDIS_URL", TestRedis.url()))) {
            Response ready = service.http().get("/health/ready", null);
            assertEquals(200, ready.status(), ready.body());
            JsonNode cache = ready.json().path("checks").path("cache");
            assertEquals("UP", cache.path("status").asText(), ready.body());
            assertEquals("redis", cache.path("backend").asText(), ready.body());

            String metrics = service.http().get("/metrics", null).body();
            assertTrue(metrics.contains("nodes_cache_requests_total{backend=\"redis\",result=\"hit\"} 0"), metrics);
            assertTrue(metrics.contains("nodes_cache_entries{backend=\"redis\"}"), metrics);
            assertTrue(metrics.contains("nodes_cache_errors_total{backend=\"redis\"} 0"), metrics);
            assertTrue(
                    metrics.contains("nodes_cache_evictions_total{backend=\"memory\",reason=\"capacity\"} 0"), metrics);
        }
    }

    @Test
    void anUnreachableRedisDegradesTheCacheButNotReadiness() {
        // port 1 on loopback: nothing listens, the connection is refused at once
        try (TestService service = TestService.start(Map.of("APP_REDIS_URL", "redis://127.0.0.1:1/0"))) {
            Response ready = service.http().get("/health/ready", null);
            assertEquals(200, ready.status(), ready.body());
            JsonNode cache = ready.json().path("checks").path("cache");
            assertEquals("DEGRADED", cache.path("status").asText(), ready.body());
            assertEquals("memory", cache.path("backend").asText(), ready.body());
        }
    }
}
