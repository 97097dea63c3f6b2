package dev.nodes.service.nodes.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.http.Json;
import dev.nodes.service.testing.TestRedis;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Eviction by use: a Zipf(0.9) trace over 10x the cap in distinct nodes, replayed through the cache as the
 * service reads (get, and on a miss a load and a put), hits at least as often as an exact LRU of the same cap.
 * This counts hits, it does not time anything. The ratios measured are also written to
 * {@code target/measurements/hit-ratio.json} (read by {@code scripts/bench-hot-paths.sh}).
 */
class HitRatioTest {
    private static final int CAP = 400;
    private static final int DISTINCT = 10 * CAP;
    private static final double EXPONENT = 0.9;
    private static final int READS = 40_000;
    private static final long SEED = 42;
    private static final ZipfTrace TRACE = ZipfTrace.generate(DISTINCT, EXPONENT, READS, SEED);
    private static final Path RESULT = Path.of("target", "measurements", "hit-ratio.json");
    /** backend to its hit ratio, filled by the tests that ran */
    private static final Map<String, Double> MEASURED = new TreeMap<>();

    @Test
    void memoryBeatsAnExactLru() {
        assertAtLeastLru("memory", Map.of());
    }

    @Test
    void redisMatchesAnExactLru() {
        String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // Redis's own eviction order (a near cache in front only adds hits, and when depends on its lease)
            assertAtLeastLru(
                    "redis",
                    Map.of(
                            "APP_REDIS_URL",
                            TestRedis.url(),
                            "APP_NODES_CACHE_NAMESPACE",
                            namespace,
                            "APP_NODES_NEAR_CACHE_MAX_ENTRIES",
                            "0"));
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
            synchronized (MEASURED) {
                MEASURED.put(backend, ratio);
            }
            assertTrue(ratio >= lru, backend + " hit ratio " + ratio + " below the exact LRU's " + lru);
        }
    }

    /** Writes what the tests measured (atomically), assertions failed or not: the figures are the point. */
    @AfterAll
    static void writeMeasurements() throws IOException {
        double lru = TRACE.exactLruHitRatio(CAP);
        Map<String, Object> backends = new TreeMap<>();
        synchronized (MEASURED) {
            MEASURED.forEach((backend, ratio) ->
                    backends.put(backend, Map.of("hit_ratio", rounded(ratio), "vs_exact_lru", rounded(ratio / lru))));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(
                "trace",
                Map.of(
                        "distribution", "zipf",
                        "exponent", EXPONENT,
                        "distinct_nodes", DISTINCT,
                        "reads", READS,
                        "seed", SEED));
        result.put("cap", CAP);
        result.put("exact_lru_hit_ratio", rounded(lru));
        result.put("backends", backends);
        Files.createDirectories(RESULT.getParent());
        Path tmp = RESULT.resolveSibling(RESULT.getFileName() + ".tmp");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), result);
        Files.move(tmp, RESULT, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static double rounded(double ratio) {
        return Math.round(ratio * 10_000) / 10_000.0;
    }
}
