package dev.nodes.service.nodes.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.health.CacheHealth;
import dev.nodes.service.testing.TestRedis;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The cache on the shared test Redis (database 5, a namespace of its own per test). */
class RedisNodeCacheTest extends NodeCacheBehaviourTest {
    private RedisClient redis;

    @Override
    String backend() {
        return "redis";
    }

    @Override
    Map<String, String> backendEnv() {
        // the Redis backend's own contract; the near cache in front has NearCacheAcrossReplicasTest
        return Map.of("APP_REDIS_URL", TestRedis.url(), "APP_NODES_NEAR_CACHE_MAX_ENTRIES", "0");
    }

    @BeforeEach
    void connect() {
        redis = RedisClient.builder().fromURI(TestRedis.url()).build();
        try {
            redis.ping();
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "the test Redis at " + TestRedis.url() + " does not answer: run scripts/ensure-backends.sh", e);
        }
    }

    @AfterEach
    void dropNamespace() {
        TestRedis.dropNamespace(redis, namespace);
        redis.close();
    }

    private String key(String suffix) {
        return namespace + ":nodes:v1:" + suffix;
    }

    @Test
    void keysHoldTheJsonWithTheConfiguredTtl() {
        openWithCap(100);
        String json = json(7, "seventh", 1);
        put(7, "seventh", json);

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
        put(1, "one", json(1, "one", 1));
        long ttl = redis.ttl(key("id:1"));
        assertTrue(ttl > 35 && ttl <= 42, "TTL: " + ttl);
    }

    @Test
    void capacityEvictionRemovesBothKeysInRedis() {
        openWithCap(3);
        for (long id = 1; id <= 5; id++) {
            put(id, "slug-" + id, json(id, "slug-" + id, 1));
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
    void hitsMoveANodeUpTheEvictionOrderWithTheNextPut() {
        openWithCap(3);
        put(1, "a", json(1, "a", 1));
        put(2, "b", json(2, "b", 1));
        put(3, "c", json(3, "c", 1));
        // node 1 was put first but is read (by id and by slug): node 2 is now the least recently used
        assertTrue(cache.getById(1).isPresent());
        assertTrue(cache.getBySlug("a").isPresent());
        put(4, "d", json(4, "d", 1));
        assertEquals(List.of("3", "1", "4"), redis.zrange(key("index"), 0, -1));
        assertFalse(redis.exists(key("id:2")));

        assertTrue(cache.getBySlug("c").isPresent());
        put(5, "e", json(5, "e", 1));
        assertEquals(List.of("4", "3", "5"), redis.zrange(key("index"), 0, -1));
        assertEquals(2.0, evictions("capacity"));
    }

    @Test
    void hitsAreReportedWithoutAPutToo() {
        openWithCap(3);
        put(1, "a", json(1, "a", 1));
        put(2, "b", json(2, "b", 1));
        assertTrue(cache.getById(1).isPresent());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.zrange(key("index"), 0, -1).equals(List.of("2", "1")));
    }

    @Test
    void invalidateLeavesTombstonesAndStampsThatOutliveTheNextPut() {
        openWithCap(100);
        put(1, "one", json(1, "one", 1));
        ReadToken before = cache.beginLoad();
        cache.invalidate(1, "one");

        for (String k : List.of(key("id:1"), key("slug:one"))) {
            assertEquals(RedisNodeStore.TOMBSTONE, redis.get(k), k);
            long pttl = redis.pttl(k);
            assertTrue(pttl > 0 && pttl <= TOMBSTONE.toMillis(), k + " PTTL " + pttl);
        }
        for (String k : List.of(key("stamp:id:1"), key("stamp:slug:one"))) {
            assertEquals("1", redis.get(k), k);
            long pttl = redis.pttl(k);
            assertTrue(pttl > 0 && pttl <= TOMBSTONE.toMillis(), k + " PTTL " + pttl);
        }
        assertEquals("1", redis.get(key("index:stamp")));
        assertEquals(0L, redis.zcard(key("index")));
        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("one"));
        assertEquals(2.0, requests("miss"));
        assertEquals(0.0, requests("hit"));

        put(1, "one", json(1, "one", 2));
        assertEquals(json(1, "one", 2), redis.get(key("id:1")));
        assertEquals("1", redis.get(key("stamp:id:1")), "the stamp stays after the entry replaced the tombstone");
        cache.put(before, 1, "one", json(1, "one", 1));
        assertEquals(json(1, "one", 2), redis.get(key("id:1")));
    }

    @Test
    void aTombstoneWithoutAStampFromAnOlderVersionRefusesPuts() {
        openWithCap(100);
        redis.psetex(key("id:1"), 10_000, RedisNodeStore.TOMBSTONE);
        put(1, "one", json(1, "one", 1));
        assertEquals(RedisNodeStore.TOMBSTONE, redis.get(key("id:1")));
        assertFalse(redis.exists(key("slug:one")));
    }

    @Test
    void aLoadSlowerThanHalfTheMarkerLifetimeIsNotCached() {
        openWithCap(100);
        ReadToken token = cache.beginLoad();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> System.nanoTime() - token.takenNanos() > TOMBSTONE.toNanos() / 2);
        cache.put(token, 1, "one", json(1, "one", 1));
        assertFalse(redis.exists(key("id:1")));
        put(1, "one", json(1, "one", 1));
        assertTrue(redis.exists(key("id:1")));
    }

    @Test
    void aWriteFromAnotherReplicaIsSeenThroughTheSharedTombstone() {
        openWithCap(100);
        NodeCaches other = NodeCaches.create(
                AppConfig.from(Map.of(
                        "APP_REDIS_URL",
                        TestRedis.url(),
                        "APP_NODES_CACHE_NAMESPACE",
                        namespace,
                        "APP_NODES_NEAR_CACHE_MAX_ENTRIES",
                        "0")),
                new PrometheusRegistry(),
                new NodeCaches.Options(TOMBSTONE, Duration.ofMillis(100), Duration.ofMillis(500)));
        try {
            put(1, "one", json(1, "one", 1));
            ReadToken stale = cache.beginLoad();
            other.cache().invalidate(1, "one");
            assertEquals(Optional.empty(), cache.getById(1));
            // this replica's reader that began before the write cannot put the old row back
            cache.put(stale, 1, "one", json(1, "one", 1));
            assertEquals(Optional.empty(), other.cache().getBySlug("one"));
            // the other replica's next reader caches the new row, and this replica hits it
            other.cache().put(other.cache().beginLoad(), 1, "one", json(1, "one", 2));
            assertEquals(Optional.of(json(1, "one", 2)), cache.getById(1));
        } finally {
            other.close();
        }
    }

    @Test
    void aRedisErrorIsCountedNeverThrownAndRedisIsUsedAgainOnlyAfterAPurge() {
        openWithCap(100);
        put(1, "one", json(1, "one", 1));
        // break the index: the next put's script fails with WRONGTYPE
        redis.set(key("index"), "not a sorted set");

        assertDoesNotThrow(() -> put(2, "two", json(2, "two", 1)));
        assertEquals(1.0, metric("nodes_cache_errors_total", "backend", "redis"));
        assertEquals("memory", cache.backend());
        assertEquals(new CacheHealth("memory", true), caches.health());
        // the failed put went to memory, which serves while Redis is unused
        assertEquals(Optional.of(json(2, "two", 1)), cache.getById(2));
        assertEquals(1.0, metric("nodes_cache_requests_total", "result", "hit", "backend", "memory"));

        // the probe finds Redis answering, purges the namespace (which also repairs the index) and switches back
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.backend().equals("redis"));
        assertEquals(new CacheHealth("redis", false), caches.health());
        assertFalse(redis.exists(key("id:1")), "entries from before the error are purged");
        assertFalse(redis.exists(key("slug:one")));
        assertFalse(redis.exists(key("index")));
        assertEquals(Optional.empty(), cache.getById(1));

        put(3, "three", json(3, "three", 1));
        assertEquals(json(3, "three", 1), redis.get(key("id:3")));
        assertEquals(1.0, metric("nodes_cache_errors_total", "backend", "redis"));
    }
}
