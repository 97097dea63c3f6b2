package dev.nodes.service.nodes.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.health.CacheHealth;
import dev.nodes.service.nodes.views.ViewDeduplicator;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.redis.RedisServerProcess;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Redis stopped while the cache is in use and started again, on a redis-server of this test's own (the shared
 * one on 6379 is never stopped). The restarted server loads a dump taken before the outage, so the stale
 * entries really come back and must be purged before the cache uses Redis again.
 */
class RedisOutageTest {
    private static final String NS = "outage";

    @Test
    void theCacheServesFromMemoryDuringAnOutageAndReturnsToAPurgedRedis(@TempDir Path dir) {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                NodeCaches caches = NodeCaches.create(
                        AppConfig.from(Map.of(
                                "APP_REDIS_URL",
                                server.url(),
                                "APP_NODES_CACHE_NAMESPACE",
                                NS,
                                "APP_NODES_NEAR_CACHE_MAX_ENTRIES",
                                "0")),
                        registry,
                        new NodeCaches.Options(
                                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)))) {
            NodeCache cache = caches.cache();
            ViewDeduplicator views = caches.views();
            UUID before = UUID.randomUUID();
            UUID during = UUID.randomUUID();
            String today = DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneOffset.UTC));

            cache.put(cache.beginLoad(), 1, "one", "{\"id\":1,\"title\":\"before the outage\"}");
            cache.put(cache.beginLoad(), 3, "three", "{\"id\":3}");
            assertTrue(firstView(views, 9, before, Instant.now()));
            try (RedisClient redis = server.client()) {
                assertEquals("{\"id\":1,\"title\":\"before the outage\"}", redis.get(NS + ":nodes:v1:id:1"));
                redis.sendCommand(Protocol.Command.SAVE);
            }

            // a reader of node 1 misses and begins its load just before the outage and the write below
            ReadToken slowReader = cache.beginLoad();
            server.kill();

            // requests during the outage: nothing throws, the memory backend serves
            assertDoesNotThrow(() -> assertEquals(Optional.empty(), cache.getById(1)));
            assertDoesNotThrow(() -> cache.invalidate(1, "one")); // a write during the outage
            assertDoesNotThrow(() -> cache.put(cache.beginLoad(), 2, "two", "{\"id\":2}"));
            await().atMost(Duration.ofSeconds(5)).until(() -> cache.backend().equals("memory"));
            cache.put(cache.beginLoad(), 2, "two", "{\"id\":2}");
            assertEquals(Optional.of("{\"id\":2}"), cache.getById(2));
            assertEquals(Optional.of("{\"id\":2}"), cache.getBySlug("two"));
            assertTrue(MetricValues.value(registry, "nodes_cache_requests_total", "result", "hit", "backend", "memory")
                    >= 2);
            assertTrue(
                    MetricValues.value(registry, "nodes_cache_errors_total", "backend", "redis") >= 1,
                    "the outage is counted as a Redis error");
            assertEquals(new CacheHealth("memory", true), caches.health());
            assertTrue(firstView(views, 9, during, Instant.now()));
            assertFalse(firstView(views, 9, during, Instant.now()));

            // Redis comes back with the pre-outage dump: node 1 there is older than the write above
            server.startAgain();
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.backend().equals("redis"));
            assertEquals(new CacheHealth("redis", false), caches.health());
            try (RedisClient redis = server.client()) {
                assertTrue(
                        redis.exists(NS + ":nodes:v1:view:9:" + today + ":" + before),
                        "the dump was loaded (the view key from before the outage is back)");
                assertFalse(redis.exists(NS + ":nodes:v1:id:1"), "stale entry purged");
                assertFalse(redis.exists(NS + ":nodes:v1:slug:one"));
                assertFalse(redis.exists(NS + ":nodes:v1:id:3"));
                assertFalse(redis.exists(NS + ":nodes:v1:index"));
                assertTrue(
                        redis.exists(NS + ":nodes:v1:view:9:" + today + ":" + during),
                        "views counted in memory during the outage were copied to Redis");
                assertEquals(Optional.empty(), cache.getById(1));
                // that reader puts what it loaded before the outage write: the write's stamp (kept in memory)
                // refuses it although the write never reached Redis
                cache.put(slowReader, 1, "one", "{\"id\":1,\"title\":\"before the outage\"}");
                assertFalse(redis.exists(NS + ":nodes:v1:id:1"));
                assertFalse(firstView(views, 9, during, Instant.now()));
                assertFalse(firstView(views, 9, before, Instant.now()));

                cache.put(cache.beginLoad(), 4, "four", "{\"id\":4}");
                assertEquals("{\"id\":4}", redis.get(NS + ":nodes:v1:id:4"));
            }

            // a second outage must not serve what memory held during the first one (it missed the writes since)
            server.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> cache.backend().equals("memory"));
            assertEquals(Optional.empty(), cache.getById(2));
            assertEquals(Optional.empty(), cache.getBySlug("two"));
        }
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
