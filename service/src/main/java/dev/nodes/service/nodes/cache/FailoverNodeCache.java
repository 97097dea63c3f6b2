package dev.nodes.service.nodes.cache;

import dev.nodes.service.nodes.cache.NodeCacheMetrics.BackendCounters;
import dev.nodes.service.redis.RedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The {@link NodeCache}: Redis while the shared {@link RedisConnection} is available, memory otherwise (or always,
 * without Redis). A Redis error is counted, switches the process to memory and is never thrown.
 *
 * <p>Across the switches the read-token rule still holds: every invalidate also stamps memory and every put checks
 * the memory stamps first, so a put that races a write cannot slip in through the other backend; a load that
 * began in memory mode is not put into Redis, and a Redis put is refused once its load took longer than half the
 * markers' lifetime (an expired stamp can no longer refuse it). Entering memory mode drops the memory entries (they may be from an earlier outage and missed the
 * writes since; it is also emptied when Redis comes back). Invalidations Redis missed meanwhile are kept in an
 * {@link InvalidationJournal} and replayed before Redis is used again, so a timeout or a pause costs only the
 * entries written meanwhile; the namespace is purged instead when the journal overflowed or Redis is another
 * server now (its {@code run_id} changed: restarted, perhaps from a dump older than writes it had taken).
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

    private final RecentUses recentUses = new RecentUses();
    private final InvalidationJournal journal;
    /** Guarded by journal: whether an invalidate goes to Redis now; if not, it is journaled. */
    private boolean redisWritable;
    /** Guarded by journal: the run_id of the server our Redis entries are known to be current on. */
    private String knownRunId;

    private final long maxLoadNanos;

    /** In front of Redis; null without Redis or when turned off. */
    private final NearCache near;
    /** How writes reach the other replicas' near caches; null without Redis. */
    private final InvalidationChannel channel;

    /** Redis's parts are all null for a memory-only cache; {@code near} may be null with Redis too. */
    FailoverNodeCache(
            NodeCacheKeys keys,
            MemoryNodeStore memory,
            RedisNodeStore redisStore,
            RedisConnection redis,
            NearCache near,
            NodeCacheMetrics metrics,
            Duration markerLifetime,
            int journalCapacity) {
        if ((redis == null) != (redisStore == null) || (redis == null && near != null)) {
            throw new IllegalArgumentException("Redis connection and store go together, and the near cache needs them");
        }
        this.keys = keys;
        this.memory = memory;
        this.redisStore = redisStore;
        this.redis = redis;
        this.near = near;
        this.metrics = metrics;
        this.maxLoadNanos = markerLifetime.toNanos() / 2;
        this.journal = new InvalidationJournal(journalCapacity);
        this.channel = redis == null ? null : new InvalidationChannel(redis, keys, near, metrics::nearAckTimeout);
        if (near != null) {
            near.listenOn(channel);
        }
        metrics.registerEntries(
                memory::size, redis == null ? null : this::redisEntriesAtScrape, near == null ? null : near::size);
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
    public Lookup lookupById(long id) {
        if (useRedis()) {
            Optional<String> hit = near == null ? Optional.empty() : near.getById(id);
            return hit.isPresent() ? nearHit(id, hit) : redisLookup(keys.id(id), id, null);
        }
        return memoryLookup(memory.getById(id));
    }

    @Override
    public Lookup lookupBySlug(String slug) {
        Objects.requireNonNull(slug, "slug");
        if (useRedis()) {
            Optional<String> hit = near == null ? Optional.empty() : near.getBySlug(slug);
            return hit.isPresent()
                    ? nearHit(CachedJson.leadingId(hit.get()), hit)
                    : redisLookup(keys.slug(slug), -1, slug);
        }
        return memoryLookup(memory.getBySlug(slug));
    }

    private long nearFillToken() {
        return near == null ? NearCache.NO_FILL : near.fillToken();
    }

    private Lookup nearHit(long id, Optional<String> hit) {
        metrics.nearHits().inc();
        if (id >= 0) {
            // Redis's eviction order still learns that the node is in use
            recentUses.record(id);
        }
        return new Lookup(hit, ReadToken.SERVED_FROM_NEAR);
    }

    private Lookup memoryLookup(Optional<String> value) {
        return new Lookup(
                counted(value, metrics.memory()), new ReadToken(memory.clock(), ReadToken.NO_REDIS, System.nanoTime()));
    }

    /**
     * One MGET of the entry and the invalidation counter; {@code id} is -1 for a slug lookup and {@code slug} null
     * for an id lookup (a hit reads them from the JSON).
     */
    private Lookup redisLookup(String key, long id, String slug) {
        long memoryStamp = memory.clock();
        long nearToken = nearFillToken();
        try {
            RedisNodeStore.Read read = redisStore.read(redis.client(), key);
            read.value().ifPresent(json -> {
                long used = id >= 0 ? id : CachedJson.leadingId(json);
                if (used >= 0) {
                    recentUses.record(used);
                    String usedSlug = slug != null ? slug : CachedJson.leadingSlug(json);
                    if (near != null && usedSlug != null) {
                        near.fill(nearToken, used, usedSlug, json);
                    }
                }
            });
            return new Lookup(
                    counted(read.value(), metrics.redis()),
                    new ReadToken(memoryStamp, read.clock(), System.nanoTime(), nearToken));
        } catch (RuntimeException e) {
            failed("GET", e);
            // the caller serves this one from PostgreSQL: a miss, whose put Redis will not take
            metrics.redis().misses().inc();
            return new Lookup(Optional.empty(), new ReadToken(memoryStamp, ReadToken.NO_REDIS, System.nanoTime()));
        }
    }

    private static Optional<String> counted(Optional<String> value, BackendCounters counters) {
        (value.isPresent() ? counters.hits() : counters.misses()).inc();
        return value;
    }

    @Override
    public ReadToken beginLoad() {
        long memoryStamp = memory.clock();
        long nearToken = nearFillToken();
        long redisStamp = ReadToken.NO_REDIS;
        if (useRedis()) {
            try {
                redisStamp = redisStore.clock(redis.client());
            } catch (RuntimeException e) {
                failed("GET", e);
            }
        }
        return new ReadToken(memoryStamp, redisStamp, System.nanoTime(), nearToken);
    }

    @Override
    public void put(ReadToken token, long id, String slug, String json) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(json, "json");
        if (!memory.admits(token.memoryStamp(), id, slug)) {
            return;
        }
        if (useRedis()) {
            if (!token.fromRedis() || System.nanoTime() - token.takenNanos() > maxLoadNanos) {
                // began without Redis's clock, or too slow for its stamps to still refuse it: not cached
                return;
            }
            try {
                RedisNodeStore.PutOutcome outcome = redisStore.put(
                        redis.client(),
                        token.redisStamp(),
                        id,
                        slug,
                        json,
                        recentUses.drain(RedisNodeStore.MAX_TOUCHES));
                redisEntries.set(outcome.entries());
                metrics.redis().capacityEvictions().inc(outcome.evicted());
                if (near != null && outcome.stored()) {
                    near.fill(token.nearToken(), id, slug, json);
                }
                return;
            } catch (RuntimeException e) {
                failed("put", e);
                // now in memory mode: keep the value there
            }
        }
        memory.put(token.memoryStamp(), id, slug, json);
    }

    /** Reports the ids served since the last put, for replicas that mostly hit; called every few hundred ms. */
    void reportUses() {
        if (recentUses.isEmpty() || !useRedis()) {
            return;
        }
        try {
            redisStore.touch(redis.client(), recentUses.drain(RedisNodeStore.MAX_TOUCHES));
        } catch (RuntimeException e) {
            failed("touch", e);
        }
    }

    @Override
    public void invalidate(long id, String... slugs) {
        for (String slug : slugs) {
            Objects.requireNonNull(slug, "slug");
        }
        metrics.memory().invalidationEvictions().inc(memory.invalidate(id, slugs));
        if (redis == null) {
            return;
        }
        if (near != null) {
            // before Redis: a fill of this replica that raced the write is refused from now on
            near.drop(id, slugs);
        }
        boolean direct;
        synchronized (journal) {
            direct = redisWritable;
            if (!direct) {
                journal.add(id, slugs);
            }
        }
        if (direct) {
            InvalidationChannel.Publication publication = channel.nextSequence();
            try {
                RedisNodeStore.InvalidateOutcome outcome =
                        redisStore.invalidate(redis.client(), publication, id, slugs);
                redisEntries.set(outcome.entries());
                metrics.redis().invalidationEvictions().inc(outcome.removed());
                // returns once every replica's near cache has dropped the node (or can no longer serve it)
                channel.awaitAcks(publication, outcome.receivers());
            } catch (RuntimeException e) {
                channel.abandon(publication);
                // the Redis copy may now be stale: replayed before Redis is used again
                synchronized (journal) {
                    journal.add(id, slugs);
                }
                failed("invalidate", e);
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

    /**
     * A call that timed out or lost its connection leaves Redis's entries as they were: the journal covers it. One
     * that Redis answered with an error (a key of the wrong type, out of memory, a script error) says its data is
     * not what we think: the recovery purges.
     */
    private void failed(String operation, RuntimeException e) {
        if (e instanceof JedisDataException) {
            synchronized (journal) {
                journal.requirePurge();
            }
        }
        redis.reportFailure(operation, e);
    }

    @Override
    public void afterStart(UnifiedJedis client) {
        String runId = RedisConnection.runId(client);
        synchronized (journal) {
            knownRunId = runId;
            redisWritable = true;
        }
    }

    @Override
    public void onOutage() {
        synchronized (journal) {
            redisWritable = false;
        }
        memory.clearEntries();
        channel.suspend();
    }

    @Override
    public void beforeRecovery(UnifiedJedis client) {
        String runId = RedisConnection.runId(client);
        try {
            boolean purge;
            List<InvalidationJournal.Invalidation> missed;
            synchronized (journal) {
                purge = journal.purgeRequired() || !runId.equals(knownRunId);
                missed = journal.takeAll();
            }
            // the bulk outside the lock, so writers journaling meanwhile do not wait for a purge
            boolean purged = catchUp(client, purge, missed);
            // what they journaled meanwhile under the lock; from then on they invalidate Redis themselves
            synchronized (journal) {
                purge = journal.purgeRequired();
                purged |= catchUp(client, purge, journal.takeAll());
                knownRunId = runId;
                redisWritable = true;
            }
            metrics.redisRecovery(purged ? "purged" : "replayed");
        } catch (RuntimeException e) {
            synchronized (journal) {
                journal.requirePurge();
            }
            throw e;
        }
        redisEntries.set(redisStore.entries(client));
        // memory is not read while Redis is in use; what it holds would only be stale at the next outage
        memory.clearEntries();
    }

    /** Purges the namespace or replays what Redis missed; whether it purged. */
    private boolean catchUp(UnifiedJedis client, boolean purge, List<InvalidationJournal.Invalidation> missed) {
        if (purge) {
            redisStore.purge(client);
            channel.publishPurge(client);
        } else {
            replay(client, missed);
        }
        return purge;
    }

    private void replay(UnifiedJedis client, List<InvalidationJournal.Invalidation> missed) {
        for (InvalidationJournal.Invalidation invalidation : missed) {
            metrics.redis()
                    .invalidationEvictions()
                    .inc(redisStore
                            .invalidate(client, channel.unwaited(), invalidation.id(), invalidation.slugs())
                            .removed());
        }
        metrics.journalReplayed(missed.size());
    }

    /** The connection belongs to {@link NodeCaches}, which closes it. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }
}
