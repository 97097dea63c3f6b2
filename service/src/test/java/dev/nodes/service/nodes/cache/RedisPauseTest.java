package dev.nodes.service.nodes.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.redis.RedisServerProcess;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Redis paused (SIGSTOP) under the cache, then resumed: the same server with the same data. The cache falls back
 * to memory at the first timeout, but the way back costs only what was written meanwhile: the journaled
 * invalidations are replayed and every other entry stays cached in Redis (no purge).
 */
class RedisPauseTest {
    private static final String NS = "pause";

    @ParameterizedTest(name = "paused {0} s")
    @ValueSource(ints = {1, 60})
    void aPausedRedisKeepsItsEntriesAndGetsOnlyTheMissedInvalidations(int pauseSeconds, @TempDir Path dir) {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                NodeCaches caches = NodeCaches.create(
                        // what Redis keeps across a pause; a near hit within its lease would answer the first read
                        AppConfig.from(Map.of(
                                "APP_REDIS_URL",
                                server.url(),
                                "APP_NODES_CACHE_NAMESPACE",
                                NS,
                                "APP_NODES_NEAR_CACHE_MAX_ENTRIES",
                                "0")),
                        registry,
                        new NodeCaches.Options(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)));
                RedisClient redis = server.client()) {
            NodeCache cache = caches.cache();
            for (long id = 1; id <= 5; id++) {
                cache.put(cache.beginLoad(), id, "n" + id, "{\"id\":" + id + "}");
            }
            ReadToken beforeTheWrite = cache.beginLoad();

            server.pause();
            long pausedAt = System.nanoTime();
            // the first request times out and switches the process to memory
            assertEquals(Optional.empty(), cache.getById(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> cache.backend().equals("memory"));
            // writes during the pause: journaled
            cache.invalidate(1, "n1");
            cache.invalidate(3, "n3", "renamed");
            await().atMost(Duration.ofSeconds(pauseSeconds + 10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() - pausedAt
                            >= Duration.ofSeconds(pauseSeconds).toNanos());
            server.resume();

            await().atMost(Duration.ofSeconds(10)).until(() -> cache.backend().equals("redis"));
            assertEquals(
                    1.0, MetricValues.value(registry, "nodes_cache_redis_recoveries_total", "outcome", "replayed"));
            assertEquals(0.0, MetricValues.value(registry, "nodes_cache_redis_recoveries_total", "outcome", "purged"));
            assertEquals(2.0, MetricValues.value(registry, "nodes_cache_journal_replayed_total"));

            // what nobody wrote is still cached, in Redis
            for (long id : new long[] {2, 4, 5}) {
                assertEquals(Optional.of("{\"id\":" + id + "}"), cache.getById(id), "node " + id);
                assertEquals("{\"id\":" + id + "}", redis.get(NS + ":nodes:v1:slug:n" + id));
            }
            // what was written is gone from Redis and stamped there
            for (String key : new String[] {"id:1", "slug:n1", "id:3", "slug:n3", "slug:renamed"}) {
                assertEquals(RedisNodeStore.TOMBSTONE, redis.get(NS + ":nodes:v1:" + key), key);
                assertTrue(redis.exists(NS + ":nodes:v1:stamp:" + key), "stamp " + key);
            }
            assertEquals(Optional.empty(), cache.getById(1));
            // a reader that began before those writes cannot put its copy back; one that begins now can
            cache.put(beforeTheWrite, 1, "n1", "{\"id\":1,\"old\":true}");
            assertEquals(Optional.empty(), cache.getById(1));
            cache.put(cache.beginLoad(), 1, "n1", "{\"id\":1}");
            assertEquals(Optional.of("{\"id\":1}"), cache.getById(1));
        }
    }

    /**
     * Redis still answers reads but runs no script (CLIENT PAUSE WRITE): the near cache's heartbeats stop coming
     * back, and the node is read from Redis again, not from memory, until they return. Two things stop it here
     * (either is enough): the subscription's reads time out without messages, and the lease runs out.
     */
    @Test
    void theNearCacheServesOnlyWhileItsHeartbeatsComeBack(@TempDir Path dir) {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                NodeCaches caches = NodeCaches.create(
                        AppConfig.from(Map.of("APP_REDIS_URL", server.url(), "APP_NODES_CACHE_NAMESPACE", NS)),
                        registry,
                        new NodeCaches.Options(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)));
                RedisClient redis = server.client()) {
            NodeCache cache = caches.cache();
            String json = "{\"id\":1,\"slug\":\"n1\"}";
            // the put fills the near cache once the first heartbeat came back
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                cache.put(cache.beginLoad(), 1, "n1", json);
                cache.getById(1);
                return hits(registry, "near") > 0;
            });

            redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "4000", "WRITE");
            long pausedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> System.nanoTime() - pausedAt
                            > InvalidationChannel.LEASE
                                    .plus(InvalidationChannel.HEARTBEAT)
                                    .toNanos());
            double near = hits(registry, "near");
            double fromRedis = hits(registry, "redis");
            assertEquals(Optional.of(json), cache.getById(1));
            assertEquals(near, hits(registry, "near"), "no near hit once the lease ran out");
            assertEquals(fromRedis + 1, hits(registry, "redis"), "read from Redis instead");
            assertEquals("redis", cache.backend(), "reads still work: not an outage");

            redis.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                cache.getById(1);
                return hits(registry, "near") > near;
            });
        }
    }

    private static double hits(PrometheusRegistry registry, String backend) {
        return MetricValues.value(registry, "nodes_cache_requests_total", "backend", backend, "result", "hit");
    }
}
