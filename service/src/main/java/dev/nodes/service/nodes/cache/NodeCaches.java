package dev.nodes.service.nodes.cache;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.health.CacheHealth;
import dev.nodes.service.nodes.views.ViewDeduplicator;
import dev.nodes.service.redis.RedisConnection;
import dev.nodes.service.redis.RedisSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds the node cache and the view de-duplicator over one Redis connection (when {@code APP_REDIS_URL} is set)
 * so both fail over to memory and come back together. The app creates one, hands {@link #cache()},
 * {@link #views()} and {@link #health()} to its users, and closes it on shutdown.
 */
public final class NodeCaches implements AutoCloseable {

    /**
     * Tunables that are not configuration: the defaults suit production, tests shorten them.
     *
     * @param tombstoneTtl how long a write's stamps (and tombstones) refuse the puts of loads that began before
     *                     it; loads slower than half of it are not cached in Redis. Stamps never stop the next
     *                     read from caching, so this can be generous.
     */
    public record Options(Duration tombstoneTtl, Duration probeInterval, Duration redisTimeout) {
        public static final Options DEFAULTS =
                new Options(Duration.ofSeconds(30), Duration.ofSeconds(1), RedisSettings.DEFAULT_TIMEOUT);
        /** Invalidations kept while Redis is not in use; beyond them the recovery purges the namespace. */
        static final int JOURNAL_CAPACITY = 10_000;
        /** How often a replica reports the nodes it served from Redis when it has no put to carry them. */
        static final Duration USE_REPORT_INTERVAL = Duration.ofMillis(250);

        public Options {
            Objects.requireNonNull(tombstoneTtl);
            Objects.requireNonNull(probeInterval);
            Objects.requireNonNull(redisTimeout);
        }
    }

    private final RedisConnection redis;
    private final FailoverNodeCache cache;
    private final ViewDeduplicator views;
    private final Thread useReporter;

    private NodeCaches(RedisConnection redis, FailoverNodeCache cache, ViewDeduplicator views) {
        this.redis = redis;
        this.cache = cache;
        this.views = views;
        this.useReporter = redis == null
                ? null
                : Thread.ofVirtual().name("node-cache-uses").start(this::reportUses);
    }

    private void reportUses() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(Options.USE_REPORT_INTERVAL);
                cache.reportUses();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    public static NodeCaches create(AppConfig config, PrometheusRegistry registry) {
        return create(config, registry, Options.DEFAULTS);
    }

    /** @throws IllegalArgumentException when {@code APP_REDIS_URL} is malformed (a configuration error) */
    public static NodeCaches create(AppConfig config, PrometheusRegistry registry, Options options) {
        RedisSettings settings = config.redisUrl()
                .map(RedisSettings::parse)
                .map(s -> s.withTimeouts(options.redisTimeout(), options.redisTimeout()))
                .orElse(null);
        boolean nearCache = settings != null && config.nodesNearCacheMaxEntries() > 0;
        NodeCacheMetrics metrics = new NodeCacheMetrics(registry, settings != null, nearCache);
        NodeCacheKeys keys = new NodeCacheKeys(config.nodesCacheNamespace());
        MemoryNodeStore memory = new MemoryNodeStore(
                config.nodesCacheTtl(),
                config.nodesCacheMaxEntries(),
                options.tombstoneTtl(),
                metrics.memory().capacityEvictions()::inc);
        if (settings == null) {
            FailoverNodeCache cache = new FailoverNodeCache(
                    keys, memory, null, null, null, metrics, options.tombstoneTtl(), Options.JOURNAL_CAPACITY);
            return new NodeCaches(null, cache, new ViewDeduplicator(config.nodesCacheNamespace(), null));
        }
        RedisConnection redis = new RedisConnection(settings, options.probeInterval(), metrics::redisError);
        RedisNodeStore redisStore =
                new RedisNodeStore(keys, config.nodesCacheTtl(), config.nodesCacheMaxEntries(), options.tombstoneTtl());
        NearCache near = nearCache
                ? new NearCache(
                        config.nodesCacheTtl(),
                        // never more than the shared cache holds: the cap stays the cache's size everywhere
                        Math.min(config.nodesNearCacheMaxEntries(), config.nodesCacheMaxEntries()),
                        options.tombstoneTtl(),
                        reason -> metrics.nearReset())
                : null;
        FailoverNodeCache cache = new FailoverNodeCache(
                keys, memory, redisStore, redis, near, metrics, options.tombstoneTtl(), Options.JOURNAL_CAPACITY);
        ViewDeduplicator views = new ViewDeduplicator(config.nodesCacheNamespace(), redis);
        redis.addListener(cache);
        redis.addListener(views);
        redis.start();
        return new NodeCaches(redis, cache, views);
    }

    public NodeCache cache() {
        return cache;
    }

    public ViewDeduplicator views() {
        return views;
    }

    /** For the readiness check: degraded while Redis is configured but unusable. */
    public CacheHealth health() {
        return new CacheHealth(cache.backend(), redis != null && !redis.available());
    }

    @Override
    public void close() {
        if (useReporter != null) {
            useReporter.interrupt();
        }
        cache.close();
        if (redis != null) {
            redis.close();
        }
    }
}
