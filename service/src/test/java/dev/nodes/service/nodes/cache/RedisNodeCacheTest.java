package dev.nodes.service.nodes.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.nodes.service.health.HealthService;
import dev.nodes.service.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The cache on the shared test Redis (database 5, a namespace of its own per test). */
class RedisNodeCacheTest extends NodeCacheBehaviourTest {
    private RedisClient redis;

    @Override
    String backend() {
        return "redis";
    }

    @Override
    Map<String, String> backendEnv() {
        return Map.of("APP_REDIS_URL", TestRedis.url());
    }

    @BeforeEach
    void connect() {
        redis = RedisClient.builder().fromURI(TestRedis.url()).build();
        try {
            redis.ping();
        } catch (RuntimeException e) {
            throw new AssertionError("the test Redis at " + TestRedis.url()
                    + " does not answer: run scripts/ensure-backends.sh", e);
        }
    }

    @AfterEach
    void dropNamespace() {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(namespace + ":*").count(1000));
            if (!page.getResult().isEmpty()) {
                redis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        redis.close();
    }

    private String key(String suffix) {
        return namespace + ":nodes:v1:" + suffix;
    }

    @Test
    void keysHoldTheJsonWithTheConfiguredTtl() {
        openWithCap(100);
        String json = json(7, "seventh", 1);
        cache.put(7, "seventh", json);

        assertEquals(json, redis.get(key("id:7")));
        assertEquals(json, redis.get(key("slug:seventh")));
        long idTtl = redis.ttl(key("id:7"));
        long slugTtl = redis.ttl(key("slug:seventh"));
        assertTrue(idTtl > 290 && idTtl <= 300, "TTL of the id key: " + idTtl);
        assertTrue(slugTtl > 290 && slugTtl <= 300, "TTL of the slug key: " + slugTtl);
        assertEquals(List.of("7"), redis.zrange(key("index"), 0, -1));
    }

    @Test
    void configuredTtlIsUsed() {
        open(Map.of("APP_NODES_CACHE_TTL", "42"));
        cache.put(1, "one", json(1, "one", 1));
        long ttl = redis.ttl(key("id:1"));
        assertTrue(ttl > 35 && ttl <= 42, "TTL: " + ttl);
    }

    @Test
    void capacityEvictionRemovesBothKeysInRedis() {
        openWithCap(3);
        for (long id = 1; id <= 5; id++) {
            cache.put(id, "slug-" + id, json(id, "slug-" + id, 1));
        }
        assertFalse(redis.exists(key("id:1")));
        assertFalse(redis.exists(key("slug:slug-1")));
        assertFalse(redis.exists(key("id:2")));
        assertFalse(redis.exists(key("slug:slug-2")));
        assertTrue(redis.exists(key("id:3")));
        assertTrue(redis.exists(key("slug:slug-5")));
        assertEquals(List.of("3", "4", "5"), redis.zrange(key("index"), 0, -1));
    }

    @Test
    void invalidateLeavesShortLivedTombstonesThatGetTreatsAsMisses() {
        openWithCap(100);
        cache.put(1, "one", json(1, "one", 1));
        cache.invalidate(1, "one");

        for (String k : List.of(key("id:1"), key("slug:one"))) {
            assertEquals(RedisNodeStore.TOMBSTONE, redis.get(k), k);
            long pttl = redis.pttl(k);
            assertTrue(pttl > 0 && pttl <= TOMBSTONE.toMillis(), k + " PTTL " + pttl);
        }
        assertEquals(0L, redis.zcard(key("index")));
        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("one"));
        assertEquals(2.0, requests("miss"));
        assertEquals(0.0, requests("hit"));
    }

    @Test
    void aWriteFromAnotherReplicaIsSeenThroughTheSharedTombstone() {
        openWithCap(100);
        NodeCaches other = NodeCaches.create(dev.nodes.service.config.AppConfig.from(Map.of(
                        "APP_REDIS_URL", TestRedis.url(), "APP_NODES_CACHE_NAMESPACE", namespace)),
                new io.prometheus.metrics.model.registry.PrometheusRegistry(),
                new NodeCaches.Options(TOMBSTONE, Duration.ofMillis(100), Duration.ofMillis(500)));
        try {
            cache.put(1, "one", json(1, "one", 1));
            other.cache().invalidate(1, "one");
            assertEquals(Optional.empty(), cache.getById(1));
            // this replica's stale reader cannot put the old row back either
            cache.put(1, "one", json(1, "one", 1));
            assertEquals(Optional.empty(), other.cache().getBySlug("one"));
        } finally {
            other.close();
        }
    }

    @Test
    void aRedisErrorIsCountedNeverThrownAndRedisIsUsedAgainOnlyAfterAPurge() {
        openWithCap(100);
        cache.put(1, "one", json(1, "one", 1));
        // break the index: the next put's script fails with WRONGTYPE
        redis.set(key("index"), "not a sorted set");

        assertDoesNotThrow(() -> cache.put(2, "two", json(2, "two", 1)));
        assertEquals(1.0, metric("nodes_cache_errors_total", "backend", "redis"));
        assertEquals("memory", cache.backend());
        assertEquals(new HealthService.CacheHealth("memory", true), caches.health());
        // the failed put went to memory, which serves while Redis is unused
        assertEquals(Optional.of(json(2, "two", 1)), cache.getById(2));
        assertEquals(1.0, metric("nodes_cache_requests_total", "result", "hit", "backend", "memory"));

        // the probe finds Redis answering, purges the namespace (which also repairs the index) and switches back
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.backend().equals("redis"));
        assertEquals(new HealthService.CacheHealth("redis", false), caches.health());
        assertFalse(redis.exists(key("id:1")), "entries from before the error are purged");
        assertFalse(redis.exists(key("slug:one")));
        assertFalse(redis.exists(key("index")));
        assertEquals(Optional.empty(), cache.getById(1));

        cache.put(3, "three", json(3, "three", 1));
        assertEquals(json(3, "three", 1), redis.get(key("id:3")));
        assertEquals(1.0, metric("nodes_cache_errors_total", "backend", "redis"));
    }
}
