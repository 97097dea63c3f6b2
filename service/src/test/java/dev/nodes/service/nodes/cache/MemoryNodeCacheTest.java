package dev.nodes.service.nodes.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nodes.service.redis.MetricValues;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cache without APP_REDIS_URL. */
class MemoryNodeCacheTest extends NodeCacheBehaviourTest {

    @Override
    String backend() {
        return "memory";
    }

    @Override
    Map<String, String> backendEnv() {
        return Map.of();
    }

    @Test
    void entriesExpireAfterTheTtl() {
        open(Map.of("APP_NODES_CACHE_TTL", "1"));
        put(1, "one", json(1, "one", 1));
        assertEquals(Optional.of(json(1, "one", 1)), cache.getById(1));

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        cache.getById(1).isEmpty() && cache.getBySlug("one").isEmpty());
        assertEquals(0.0, entries());
    }

    @Test
    void aLoadOlderThanAnySweptStampIsStillRefused() {
        openWithCap(100);
        ReadToken slow = cache.beginLoad();
        cache.invalidate(1, "one");
        // once the stamp's lifetime passed, the next invalidate sweeps it: the floor it leaves still refuses
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    cache.invalidate(2, "two");
                    cache.put(slow, 1, "one", json(1, "one", 1));
                    return cache.getById(1).isEmpty() && sweptStamps();
                });
        put(1, "one", json(1, "one", 2));
        assertEquals(Optional.of(json(1, "one", 2)), cache.getById(1));
    }

    private long untouchedId = 1000;

    /** Whether a load that began at the very start is refused for a node no write ever touched. */
    private boolean sweptStamps() {
        long id = untouchedId++;
        cache.put(new ReadToken(0, ReadToken.NO_REDIS, System.nanoTime()), id, "n" + id, json(id, "n" + id, 1));
        return cache.getById(id).isEmpty();
    }

    @Test
    void withoutRedisNoRedisSeriesAndNoDegradation() {
        open(Map.of());
        assertFalse(caches.health().degraded());
        assertFalse(MetricValues.exposition(registry).contains("backend=\"redis\""));
    }
}
