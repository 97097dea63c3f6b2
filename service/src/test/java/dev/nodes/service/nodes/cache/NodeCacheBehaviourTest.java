package dev.nodes.service.nodes.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.health.CacheHealth;
import dev.nodes.service.redis.MetricValues;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
        caches = NodeCaches.create(
                AppConfig.from(env),
                registry,
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

    /** A load that began now and found {@code json}. */
    protected void put(long id, String slug, String json) {
        cache.put(cache.beginLoad(), id, slug, json);
    }

    @Test
    void putThenGetByIdAndBySlug() {
        openWithCap(100);
        put(1, "first", json(1, "first", 1));

        assertEquals(Optional.of(json(1, "first", 1)), cache.getById(1));
        assertEquals(Optional.of(json(1, "first", 1)), cache.getBySlug("first"));
        assertEquals(Optional.empty(), cache.getById(2));
        assertEquals(Optional.empty(), cache.getBySlug("second"));

        assertEquals(2.0, requests("hit"));
        assertEquals(2.0, requests("miss"));
        assertEquals(1.0, entries(), "one node is one entry (id and slug keys together)");
        assertEquals(0.0, evictions("capacity"));
        assertEquals(new CacheHealth(backend(), false), caches.health());
    }

    @Test
    void theCapCountsNodesAndEvictsBothKeysOfANode() {
        openWithCap(3);
        for (long id = 1; id <= 6; id++) {
            put(id, "slug-" + id, json(id, "slug-" + id, 1));
        }
        int cached = 0;
        for (long id = 1; id <= 6; id++) {
            Optional<String> byId = cache.getById(id);
            assertEquals(byId, cache.getBySlug("slug-" + id), "node " + id + ": both keys or neither");
            cached += byId.isPresent() ? 1 : 0;
        }
        assertEquals(3, cached);
        assertEquals(3.0, evictions("capacity"));
        assertEquals(0.0, evictions("invalidation"));
        assertEquals(3.0, entries());
    }

    @Test
    void aNodeReadOftenOutlivesNodesNeverReadAgain() {
        openWithCap(4);
        put(1, "hot", json(1, "hot", 1));
        for (long id = 2; id <= 40; id++) {
            for (int i = 0; i < 3; i++) {
                assertTrue(cache.getById(1).isPresent(), "node 1 evicted before node " + id);
                assertTrue(cache.getBySlug("hot").isPresent());
            }
            put(id, "cold-" + id, json(id, "cold-" + id, 1));
        }
        assertEquals(4.0, entries());
    }

    @Test
    void aLoadThatBeganBeforeAWriteIsRefusedAndTheFirstLoadAfterItIsCachedAtOnce() {
        openWithCap(100);
        put(1, "one", json(1, "one", 1));
        // a reader missed and took its token, then a write committed and invalidated
        ReadToken before = cache.beginLoad();
        cache.invalidate(1, "one");

        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("one"));
        assertEquals(1.0, evictions("invalidation"));
        assertEquals(0.0, entries());

        // that reader may have read the row before the commit: its copy is refused
        cache.put(before, 1, "one", json(1, "one", 1));
        assertEquals(Optional.empty(), cache.getById(1));
        assertEquals(Optional.empty(), cache.getBySlug("one"));

        // the next reader began after the write: cached at once, no waiting for a tombstone to expire
        put(1, "one", json(1, "one", 2));
        assertEquals(Optional.of(json(1, "one", 2)), cache.getById(1));
        assertEquals(Optional.of(json(1, "one", 2)), cache.getBySlug("one"));

        // and the slow reader's old copy still cannot replace it
        cache.put(before, 1, "one", json(1, "one", 1));
        assertEquals(Optional.of(json(1, "one", 2)), cache.getById(1));
        assertEquals(1.0, entries());
    }

    @Test
    void aMissCarriesItsTokenAndAWriteAfterTheMissRefusesItsPut() {
        openWithCap(100);
        put(1, "one", json(1, "one", 1));
        cache.invalidate(1, "one");

        // the miss after the write: its own token caches the row it then loads, with no second call
        Lookup afterWrite = cache.lookupById(1);
        assertEquals(Optional.empty(), afterWrite.hit());
        cache.put(afterWrite.token(), 1, "one", json(1, "one", 2));
        assertEquals(Optional.of(json(1, "one", 2)), cache.getBySlug("one"));

        // a miss by slug, then a write before its database read finished: refused
        cache.invalidate(1, "one");
        Lookup beforeWrite = cache.lookupBySlug("one");
        assertEquals(Optional.empty(), beforeWrite.hit());
        cache.invalidate(1, "one");
        cache.put(beforeWrite.token(), 1, "one", json(1, "one", 2));
        assertEquals(Optional.empty(), cache.getById(1));

        Lookup hit = cache.lookupById(1);
        cache.put(hit.token(), 1, "one", json(1, "one", 3));
        assertEquals(Optional.of(json(1, "one", 3)), cache.lookupById(1).hit());
    }

    @Test
    void renameInvalidatesTheOldAndTheNewSlug() {
        openWithCap(100);
        put(1, "old", json(1, "old", 1));
        ReadToken before = cache.beginLoad();
        cache.invalidate(1, "old", "new");

        cache.put(before, 1, "new", json(1, "new", 1));
        assertEquals(Optional.empty(), cache.getBySlug("new"), "a load from before the rename is refused");
        assertEquals(Optional.empty(), cache.getBySlug("old"));

        put(1, "new", json(1, "new", 2));
        assertEquals(Optional.of(json(1, "new", 2)), cache.getBySlug("new"));
        assertEquals(Optional.empty(), cache.getBySlug("old"));
        assertEquals(Optional.of(json(1, "new", 2)), cache.getById(1));
    }

    @Test
    void aWriteToAnotherNodeDoesNotRefuseALoad() {
        openWithCap(100);
        ReadToken token = cache.beginLoad();
        cache.invalidate(2, "two");
        cache.put(token, 1, "one", json(1, "one", 1));
        assertEquals(Optional.of(json(1, "one", 1)), cache.getById(1));
    }

    @Test
    void invalidatingAnUncachedNodeEvictsNothingAndStampsDoNotCountTowardTheCap() {
        openWithCap(2);
        put(1, "a", json(1, "a", 1));
        cache.invalidate(2, "b");
        cache.invalidate(3, "c");
        put(4, "d", json(4, "d", 1));

        assertEquals(0.0, evictions("invalidation"));
        assertEquals(0.0, evictions("capacity"));
        assertEquals(2.0, entries());
        assertTrue(cache.getById(1).isPresent());
        assertTrue(cache.getById(4).isPresent());
    }
}
