package dev.nodes.service.nodes.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.nodes.cache.NodeCaches;
import dev.nodes.service.testing.TestRedis;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class ViewDeduplicatorTest {
    private final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);

    private NodeCaches open(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("APP_NODES_CACHE_NAMESPACE", namespace);
        return NodeCaches.create(
                AppConfig.from(all),
                new PrometheusRegistry(),
                new NodeCaches.Options(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(500)));
    }

    @Test
    void oneCountPerViewerNodeAndUtcDayInRedisUntilTheNextUtcMidnight() {
        try (NodeCaches caches = open(Map.of("APP_REDIS_URL", TestRedis.url()));
                RedisClient redis =
                        RedisClient.builder().fromURI(TestRedis.url()).build()) {
            assertEquals("redis", caches.cache().backend(), "the test Redis at " + TestRedis.url() + " must answer");
            ViewDeduplicator views = caches.views();
            UUID viewer = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            Instant now = Instant.now();

            assertTrue(firstView(views, 5, viewer, now));
            assertFalse(firstView(views, 5, viewer, now));
            assertTrue(firstView(views, 5, other, now));
            assertTrue(firstView(views, 6, viewer, now), "another node");

            LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
            String key = namespace + ":nodes:v1:view:5:" + day.toString().replace("-", "") + ":" + viewer;
            assertEquals("1", redis.get(key));
            long expected = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now.getEpochSecond();
            long ttl = redis.ttl(key);
            assertTrue(Math.abs(ttl - expected) <= 2, "TTL " + ttl + " s, next UTC midnight in " + expected + " s");
            redis.unlink(redis.keys(namespace + ":*").toArray(String[]::new));
        }
    }

    @Test
    void theMemoryFallbackBehavesTheSameAndForgetsPastDays() {
        try (NodeCaches caches = open(Map.of())) {
            ViewDeduplicator views = caches.views();
            UUID viewer = UUID.randomUUID();
            UUID other = UUID.randomUUID();
            Instant evening = Instant.parse("2030-03-01T23:59:59Z");
            Instant nextMorning = Instant.parse("2030-03-02T00:00:00Z");

            assertTrue(firstView(views, 5, viewer, evening));
            assertFalse(firstView(views, 5, viewer, evening.minusSeconds(3600)));
            assertTrue(firstView(views, 5, other, evening));
            assertTrue(firstView(views, 6, viewer, evening));
            assertTrue(firstView(views, 5, viewer, nextMorning), "a new UTC day counts again");
            assertFalse(firstView(views, 5, viewer, nextMorning.plusSeconds(60)));
        }
    }

    @Test
    void aViewIsRememberedOnlyOnceItIsCountedInBothBackends() {
        for (Map<String, String> env : List.of(Map.of("APP_REDIS_URL", TestRedis.url()), Map.<String, String>of())) {
            try (NodeCaches caches = open(env)) {
                ViewDeduplicator views = caches.views();
                UUID viewer = UUID.randomUUID();
                Instant now = Instant.now();
                assertFalse(views.countedToday(9, viewer, now), "asking does not remember (" + env + ")");
                assertFalse(
                        views.countedToday(9, viewer, now), "a view whose count failed is not claimed (" + env + ")");
                views.rememberCounted(9, viewer, now);
                assertTrue(views.countedToday(9, viewer, now), env.toString());
            }
        }
    }

    @Test
    void nextMidnightIsTheStartOfTheFollowingUtcDay() {
        assertEquals(
                Instant.parse("2030-03-02T00:00:00Z").getEpochSecond(),
                ViewDeduplicator.nextMidnight(LocalDate.parse("2030-03-01")));
    }

    /** What EngagementService does once PostgreSQL has counted: check, then remember. True when it was new. */
    private static boolean firstView(ViewDeduplicator views, long node, UUID viewer, Instant now) {
        if (views.countedToday(node, viewer, now)) {
            return false;
        }
        views.rememberCounted(node, viewer, now);
        return true;
    }
}
