package dev.nodes.service.nodes.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Role;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestRedis;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    void theNearCacheNeverHoldsMoreThanTheCacheCap() {
        String author = TestService.token("near-cap-author", Role.USER);
        try (TestService service = TestService.start(Map.of(
                "APP_REDIS_URL", TestRedis.url(),
                "APP_NODES_CACHE_MAX_ENTRIES", "2",
                "APP_NODES_NEAR_CACHE_MAX_ENTRIES", "1000"))) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Response created =
                        service.http().post("/v1/nodes", author, "{\"title\":\"n" + i + "\",\"content\":\"c\"}");
                assertEquals(201, created.status(), created.body());
                ids.add(created.json().get("id").asLong());
            }
            // until the near cache serves (its first heartbeat came back), then every node read twice more
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (near(service, "nodes_cache_requests_total", "result", "hit") == 0 && System.nanoTime() < deadline) {
                service.http().get("/v1/nodes/" + ids.get(0), author);
            }
            assertTrue(near(service, "nodes_cache_requests_total", "result", "hit") > 0, "the near cache serves");
            for (long id : ids) {
                service.http().get("/v1/nodes/" + id, author);
                service.http().get("/v1/nodes/" + id, author);
            }
            double entries = near(service, "nodes_cache_entries");
            assertTrue(entries >= 1 && entries <= 2, "near entries " + entries + " with a cap of 2");
        }
    }

    private static double near(TestService service, String name, String... labels) {
        String[] withBackend = Arrays.copyOf(labels, labels.length + 2);
        withBackend[labels.length] = "backend";
        withBackend[labels.length + 1] = "near";
        return MetricValues.value(service.http().get("/metrics", null).body(), name, withBackend);
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
