package dev.nodes.service.nodes.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.nodes.service.nodes.cache.NodeCacheMetrics.BackendCounters;
import dev.nodes.service.redis.RedisConnection;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@link NodeCache}: Redis while the shared {@link RedisConnection} is available, memory otherwise (or always,
 * without Redis). A Redis error is counted, switches the process to memory and is never thrown.
 *
 * <p>Across the switches the tombstone rule still holds: every invalidate also leaves a tombstone in memory and
 * every put checks the memory tombstones first, so a put that races a write cannot slip in through the other
 * backend. Entering memory mode drops the memory entries (they may be from an earlier outage and missed the
 * writes since; it is also emptied when Redis comes back); before Redis is used again the namespace's entries
 * there are purged (writes during the outage could not invalidate them).
 *
 * <p>Needs Redis 6.2 or newer (SET EXAT of the view de-duplicator; Lua with TIME before writes).
 */
final class FailoverNodeCache implements NodeCache, RedisConnection.Listener {
    private final MemoryNodeStore memory;
    private final RedisNodeStore redisStore;
    private final RedisConnection redis;
    private final NodeCacheMetrics metrics;
    private final NodeCacheKeys keys;
    /** Index size seen last (after our writes, or at scrape time); never read from Redis on a hit. */
    private final AtomicLong redisEntries = new AtomicLong();

    /** {@code redis} and {@code redisStore} are both null for a memory-only cache. */
    FailoverNodeCache(NodeCacheKeys keys, MemoryNodeStore memory, RedisNodeStore redisStore, RedisConnection redis,
            NodeCacheMetrics metrics) {
        if ((redis == null) != (redisStore == null)) {
            throw new IllegalArgumentException("Redis connection and store go together");
        }
        this.keys = keys;
        this.memory = memory;
        this.redisStore = redisStore;
        this.redis = redis;
        this.metrics = metrics;
        metrics.registerEntries(memory::size, redis == null ? null : this::redisEntriesAtScrape);
    }

    /** One ZCARD per scrape while Redis is in use; the last known size otherwise (a scrape never waits on a dead Redis). */
    private long redisEntriesAtScrape() {
        if (useRedis()) {
            try {
                redisEntries.set(redisStore.entries(redis.client()));
            } catch (RuntimeException e) {
                // leave the switch to the requests and the probe; report what we knew
            }
        }
        return redisEntries.get();
    }

    @Override
    public Optional<String> getById(long id) {
        if (useRedis()) {
            return redisGet(keys.id(id));
        }
        return counted(memory.getById(id), metrics.memory());
    }

    @Override
    public Optional<String> getBySlug(String slug) {
        Objects.requireNonNull(slug, "slug");
        if (useRedis()) {
            return redisGet(keys.slug(slug));
        }
        return counted(memory.getBySlug(slug), metrics.memory());
    }

    private Optional<String> redisGet(String key) {
        try {
            return counted(redisStore.get(redis.client(), key), metrics.redis());
        } catch (RuntimeException e) {
            redis.reportFailure("GET", e);
            // the caller serves this one from PostgreSQL: a miss
            metrics.redis().misses().inc();
            return Optional.empty();
        }
    }

    private static Optional<String> counted(Optional<String> value, BackendCounters counters) {
        (value.isPresent() ? counters.hits() : counters.misses()).inc();
        return value;
    }

    @Override
    public void put(long id, String slug, String json) {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(json, "json");
        if (memory.tombstoned(id, slug)) {
            return;
        }
        if (useRedis()) {
            try {
                RedisNodeStore.PutOutcome outcome = redisStore.put(redis.client(), id, slug, json);
                redisEntries.set(outcome.entries());
                metrics.redis().capacityEvictions().inc(outcome.evicted());
                return;
            } catch (RuntimeException e) {
                redis.reportFailure("put", e);
                // now in memory mode: keep the value there
            }
        }
        MemoryNodeStore.PutOutcome outcome = memory.put(id, slug, json);
        metrics.memory().capacityEvictions().inc(outcome.evicted());
    }

    @Override
    public void invalidate(long id, String... slugs) {
        for (String slug : slugs) {
            Objects.requireNonNull(slug, "slug");
        }
        metrics.memory().invalidationEvictions().inc(memory.invalidate(id, slugs));
        if (useRedis()) {
            try {
                RedisNodeStore.InvalidateOutcome outcome = redisStore.invalidate(redis.client(), id, slugs);
                redisEntries.set(outcome.entries());
                metrics.redis().invalidationEvictions().inc(outcome.removed());
            } catch (RuntimeException e) {
                // the Redis copy may now be stale: the failure keeps Redis unused until it has been purged
                redis.reportFailure("invalidate", e);
            }
        }
    }

    @Override
    public String backend() {
        return useRedis() ? NodeCacheMetrics.REDIS : NodeCacheMetrics.MEMORY;
    }

    private boolean useRedis() {
        return redis != null && redis.available();
    }

    @Override
    public void onOutage() {
        memory.clearEntries();
    }

    @Override
    public void beforeRecovery(UnifiedJedis client) {
        redisStore.purge(client);
        redisEntries.set(0);
        // memory is not read while Redis is in use; what it holds would only be stale at the next outage
        memory.clearEntries();
    }

    /** The connection belongs to {@link NodeCaches}, which closes it. */
    @Override
    public void close() {
    }
}
