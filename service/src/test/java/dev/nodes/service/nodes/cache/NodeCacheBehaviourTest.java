package dev.nodes.service.nodes.cache;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.redis.MetricValues;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@link NodeCache} contract, run against each backend by a subclass. */
abstract class NodeCacheBehaviourTest {
    protected static final Duration TOMBSTONE = Duration.ofSeconds(2);

    protected final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
    protected final PrometheusRegistry registry = new PrometheusRegistry();
    protected NodeCaches caches;
    protected NodeCache cache;

    /** {@code redis} or {@code memory}. */
    abstract String backend();

    /** Settings that select the backend (APP_REDIS_URL or nothing). */
    abstract Map<String, String> backendEnv();

    protected void open(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(backendEnv());
        env.put("APP_NODES_CACHE_NAMESPACE", namespace);
        env.putAll(settings);
        caches = NodeCaches.create(AppConfig.from(env), registry,
                new NodeCaches.Options(TOMBSTONE, Duration.ofMillis(100), Duration.ofMillis(500)));
        cache = caches.cache();
        assertEquals(backend(), cache.backend(), "backend at start");
    }

    protected void openWithCap(int maxEntries) {
        open(Map.of("APP_NODES_CACHE_MAX_ENTRIES", Integer.toString(maxEntries)));
    }

    @AfterEach
    void closeCaches() {
        if (caches != null) {
            caches.close();
        }
    }

    static String json(long id, String slug, int version) {
        return "{\"id\":" + id + ",\"slug\":\"" + slug + "\",\"version\":" + version + "}";
    }

    protected double metric(String name, String... labels) {
        return MetricValues.value(registry, name, labels);
    }

    protected double requests(String result) {
        return metric("nodes_cache_requests_total", "result", result, "backend", backend());
    }

    protected double evictions(String reason) {
        return metric("nodes_cache_evictions_total", "backend", backend(), "reason", reason);
    }

    protected double entries() {
        return metric("nodes_cache_entries", "backend", backend());
    }

    @Test
    void putThenGetByIdAndBySlug() {
        openWithCap(100);
        cache.put(1, "first", json(1, "first", 1));

        assertEquals(Optional.of(json(1, "first", 1)), cache.getById(1));
        assertEquals(Optional.of(json(1, "first", 1)), cache.getBySlug("first"));
        assertEquals(Optional.empty(), cache.getById(2));
        assertEquals(Optional.empty(), cache.getBySlug("second"));

        assertEquals(2.0, requests("hit"));
        assertEquals(2.0, requests("miss"));
        assertEquals(1.0, entries(), "one node is one entry (id and slug keys together)");
        assertEquals(0.0, evictions("capacity"));
        assertEquals(new dev.nodes.service.health.HealthService.CacheHealth(backend(), false), caches.health());
    }

    @Test
    void capEvictsTheOldestInsertedNodesFirst() {
        openWithCap(3);
        for (long id = 1; id <= 5; id++) {
            cache.put(id, "slug-" + id, json(id, "slug-" + id, 1));
        }

        for (long id = 1; id <= 2; id++) {
            assertEquals(Optional.empty(), cache.getById(id), "node " + id + " by id");
            assertEquals(Optional.empty(), cache.getBySlug("slug-" + id), "node " + id + " by slug");
        }
        for (long id = 3; id <= 5; id++) {
            assertEquals(Optional.of(json(id, "slug-" + id, 1)), cache.getById(id));
            assertEquals(Optional.of(json(id, "slug-" + id, 1)), cache.getBySlug("slug-" + id));
        }
        assertEquals(2.0, evictions("capacity"));
        assertEquals(0.0, evictions("invalidation"));
        assertEquals(3.0, entries());
    }

    @Test
    void hitsDoNotChangeTheEvictionOrderButAPutDoes() {
        openWithCap(3);
        cache.put(1, "a", json(1, "a", 1));
        cache.put(2, "b", json(2, "b", 1));
        cache.put(3, "c", json(3, "c", 1));
        // node 1 is read a lot: it still goes first
        for (int i = 0; i < 3; i++) {
            assertTrue(cache.getById(1).isPresent());
            assertTrue(cache.getBySlug("a").isPresent());
        }
        cache.put(4, "d", json(4, "d", 1));
        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("a"));

        // putting node 2 again makes it the newest: node 3 goes next
        cache.put(2, "b", json(2, "b", 2));
        cache.put(5, "e", json(5, "e", 1));
        assertEquals(Optional.empty(), cache.getById(3));
        assertEquals(Optional.of(json(2, "b", 2)), cache.getById(2));
        assertEquals(Optional.of(json(4, "d", 1)), cache.getById(4));
        assertEquals(Optional.of(json(5, "e", 1)), cache.getBySlug("e"));
        assertEquals(2.0, evictions("capacity"));
        assertEquals(3.0, entries());
    }

    @Test
    void invalidateRemovesBothKeysAndAPutWithinTheTombstoneWindowIsDropped() {
        openWithCap(100);
        cache.put(1, "one", json(1, "one", 1));
        cache.invalidate(1, "one");

        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("one"));
        assertEquals(1.0, evictions("invalidation"));
        assertEquals(0.0, entries());

        // a reader that loaded the row before the write's commit puts its old copy: dropped
        cache.put(1, "one", json(1, "one", 1));
        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("one"));

        // once the tombstone expired, a put is stored again
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            cache.put(1, "one", json(1, "one", 2));
            return cache.getById(1).isPresent();
        });
        assertEquals(Optional.of(json(1, "one", 2)), cache.getBySlug("one"));
        assertEquals(1.0, evictions("invalidation"));
    }

    @Test
    void renameInvalidatesTheOldAndTheNewSlug() {
        openWithCap(100);
        cache.put(1, "old", json(1, "old", 1));
        cache.invalidate(1, "old", "new");

        cache.put(1, "new", json(1, "new", 1));
        assertEquals(Optional.empty(), cache.getBySlug("new"), "put over the new slug's tombstone is dropped");
        assertEquals(Optional.empty(), cache.getBySlug("old"));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            cache.put(1, "new", json(1, "new", 2));
            return cache.getBySlug("new").isPresent();
        });
        assertEquals(Optional.empty(), cache.getBySlug("old"));
        assertEquals(Optional.of(json(1, "new", 2)), cache.getById(1));
    }

    @Test
    void invalidatingAnUncachedNodeEvictsNothingAndTombstonesDoNotCountTowardTheCap() {
        openWithCap(2);
        cache.put(1, "a", json(1, "a", 1));
        cache.invalidate(2, "b");
        cache.invalidate(3, "c");
        cache.put(4, "d", json(4, "d", 1));

        assertEquals(0.0, evictions("invalidation"));
        assertEquals(0.0, evictions("capacity"));
        assertEquals(2.0, entries());
        assertTrue(cache.getById(1).isPresent());
        assertTrue(cache.getById(4).isPresent());
    }
}
