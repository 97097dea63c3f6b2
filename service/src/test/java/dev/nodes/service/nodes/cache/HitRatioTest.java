package dev.nodes.service.nodes.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.testing.TestRedis;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Eviction by use: a Zipf(0.9) trace over 10x the cap in distinct nodes, replayed through the cache as the
 * service reads (get, and on a miss a load and a put), hits at least as often as an exact LRU of the same cap.
 * This counts hits, it does not time anything.
 */
class HitRatioTest {
    private static final int CAP = 400;
    private static final ZipfTrace TRACE = ZipfTrace.generate(10 * CAP, 0.9, 40_000, 42);

    @Test
    void memoryBeatsAnExactLru() {
        assertAtLeastLru("memory", Map.of());
    }

    @Test
    void redisMatchesAnExactLru() {
        String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            assertAtLeastLru("redis", Map.of("APP_REDIS_URL", TestRedis.url(), "APP_NODES_CACHE_NAMESPACE", namespace));
        } finally {
            try (RedisClient redis =
                    RedisClient.builder().fromURI(TestRedis.url()).build()) {
                TestRedis.dropNamespace(redis, namespace);
            }
        }
    }

    private void assertAtLeastLru(String backend, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("APP_NODES_CACHE_MAX_ENTRIES", Integer.toString(CAP));
        try (NodeCaches caches = NodeCaches.create(
                AppConfig.from(env),
                new PrometheusRegistry(),
                new NodeCaches.Options(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2)))) {
            NodeCache cache = caches.cache();
            long hits = 0;
            for (long id : TRACE.ids()) {
                if (cache.getById(id).isPresent()) {
                    hits++;
                } else {
                    cache.put(cache.beginLoad(), id, "n" + id, "{\"id\":" + id + "}");
                }
            }
            assertTrue(cache.backend().equals(backend), "stayed on " + backend);
            double ratio = (double) hits / TRACE.ids().length;
            double lru = TRACE.exactLruHitRatio(CAP);
            System.out.printf("hit ratio %s %.4f, exact LRU %.4f, ratio %.3f%n", backend, ratio, lru, ratio / lru);
            assertTrue(ratio >= lru, backend + " hit ratio " + ratio + " below the exact LRU's " + lru);
        }
    }
}
