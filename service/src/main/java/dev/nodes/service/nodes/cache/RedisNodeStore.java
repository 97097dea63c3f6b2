package dev.nodes.service.nodes.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis backend. A read is one MGET of the entry and the invalidation counter (the miss's read token); put and invalidate are Lua scripts, so the stamp check, the write
 * and the cap are atomic and their cost falls on writes.
 *
 * <p>Stamps: an invalidate takes the next value of the namespace's invalidation counter and leaves it under
 * {@code stamp:id:<id>} and {@code stamp:slug:<slug>} for the marker lifetime, beside a {@link #TOMBSTONE} in the
 * entry keys, and publishes the stamp, id and slugs for the near caches ({@link InvalidationChannel}) in the same
 * script. A put presents the counter value its reader took before loading ({@link #clock}) and is refused
 * when either stamp is newer. Stamps are separate keys so that they outlive the entry that replaces the
 * tombstone and any eviction of it. A tombstone without a stamp was left by a version before stamps: it refuses
 * every put, as it did there, so old and new replicas can share a namespace during a rollout.
 *
 * <p>The cap is kept with a sorted set of node ids scored by last use in microseconds (Redis TIME, forced
 * strictly increasing), plus a hash id -> cached slug, so that evicting a node removes both of its keys. A hit
 * is a GET only: the replica remembers the ids it served and sends them with its next put (or a periodic
 * {@link #touch}), which moves them up the order, so the cap evicts the least recently used node. Members whose
 * last use is older than the TTL are dropped on put: their keys expired on their own (this assumes every writer
 * of a namespace uses the same TTL). Tombstones and stamps are never indexed, so they do not count toward the
 * cap.
 *
 * <p>The scripts touch keys derived from the index (evicted nodes), which standalone Redis allows; they are not
 * meant for Redis Cluster.
 */
final class RedisNodeStore {
    /** Not valid JSON, so never a cached representation. */
    static final String TOMBSTONE = "!tombstone";

    /** The most ids one put or touch carries; more wait for the next one. */
    static final int MAX_TOUCHES = 256;

    private static final String CLOCK = """
            local function advance(clockKey)
              local time = redis.call('TIME')
              local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
              local last = tonumber(redis.call('GET', clockKey) or '0')
              if now <= last then now = last + 1 end
              return now
            end
            local function touch(index, now, first)
              for i = first, #ARGV do
                redis.call('ZADD', index, 'XX', string.format('%.0f', now), ARGV[i])
                now = now + 1
              end
              return now
            end
            """;

    private static final LuaScript PUT = new LuaScript(CLOCK + """
            -- KEYS: id key, slug key, index, index slugs, index clock, id stamp key, slug stamp key
            -- ARGV: id, slug, json, ttl ms, cap, tombstone, id key prefix, slug key prefix, token, touched ids...
            local tombstone = ARGV[6]
            local token = tonumber(ARGV[9])
            local function refuses(valueKey, stampKey)
              local stamp = redis.call('GET', stampKey)
              if stamp then return tonumber(stamp) > token end
              return redis.call('GET', valueKey) == tombstone
            end
            local function drop(key)
              if redis.call('GET', key) ~= tombstone then redis.call('DEL', key) end
            end
            local now = touch(KEYS[3], advance(KEYS[5]), 10)
            if refuses(KEYS[1], KEYS[6]) or refuses(KEYS[2], KEYS[7]) then
              redis.call('SET', KEYS[5], string.format('%.0f', now))
              return {0, 0, redis.call('ZCARD', KEYS[3])}
            end
            local score = string.format('%.0f', now)
            redis.call('SET', KEYS[5], score)
            local previousSlug = redis.call('HGET', KEYS[4], ARGV[1])
            if previousSlug and previousSlug ~= ARGV[2] then drop(ARGV[8] .. previousSlug) end
            redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
            redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
            redis.call('ZADD', KEYS[3], score, ARGV[1])
            redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
            local horizon = string.format('%.0f', now - tonumber(ARGV[4]) * 1000)
            for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. horizon, 'LIMIT', 0, 100)) do
              redis.call('ZREM', KEYS[3], member)
              redis.call('HDEL', KEYS[4], member)
            end
            local evicted = 0
            local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
            if over > 0 then
              for _, member in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do
                local slug = redis.call('HGET', KEYS[4], member)
                local existed = redis.call('EXISTS', ARGV[7] .. member)
                drop(ARGV[7] .. member)
                if slug then drop(ARGV[8] .. slug) end
                redis.call('ZREM', KEYS[3], member)
                redis.call('HDEL', KEYS[4], member)
                evicted = evicted + existed
              end
            end
            return {1, evicted, redis.call('ZCARD', KEYS[3])}
            """);

    private static final LuaScript TOUCH = new LuaScript(CLOCK + """
            -- KEYS: index, index clock; ARGV: touched ids...
            redis.call('SET', KEYS[2], string.format('%.0f', touch(KEYS[1], advance(KEYS[2]), 1) - 1))
            return {0}
            """);

    private static final LuaScript INVALIDATE = new LuaScript("""
            -- KEYS: id key, index, index slugs, stamp counter, slug keys...
            -- ARGV: id, tombstone, marker ms, slug key prefix, stamp key prefix, channel, message start
            local stamp = redis.call('INCR', KEYS[4])
            local function mark(valueKey, stampKey)
              redis.call('SET', valueKey, ARGV[2], 'PX', ARGV[3])
              redis.call('SET', stampKey, stamp, 'PX', ARGV[3])
            end
            local removed = redis.call('ZREM', KEYS[2], ARGV[1])
            local cachedSlug = redis.call('HGET', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            mark(KEYS[1], ARGV[5] .. 'id:' .. ARGV[1])
            local prefix = #ARGV[4]
            local message = ARGV[7] .. ' ' .. stamp .. ' ' .. ARGV[1]
            for i = 5, #KEYS do
              local slug = string.sub(KEYS[i], prefix + 1)
              mark(KEYS[i], ARGV[5] .. 'slug:' .. slug)
              message = message .. ' ' .. slug
            end
            if cachedSlug then
              mark(ARGV[4] .. cachedSlug, ARGV[5] .. 'slug:' .. cachedSlug)
              message = message .. ' ' .. cachedSlug
            end
            local receivers = redis.call('PUBLISH', ARGV[6], message)
            return {removed, redis.call('ZCARD', KEYS[2]), receivers}
            """);

    /** What a put did, and the index size after it. */
    record PutOutcome(boolean stored, long evicted, long entries) {}

    /**
     * Entries removed by an invalidate (0 or 1), the index size after it, and how many subscribers received its
     * message.
     */
    record InvalidateOutcome(long removed, long entries, long receivers) {}

    private final NodeCacheKeys keys;
    private final String ttlMillis;
    private final String maxEntries;
    private final String markerMillis;

    RedisNodeStore(NodeCacheKeys keys, Duration ttl, int maxEntries, Duration markerLifetime) {
        this.keys = keys;
        this.ttlMillis = Long.toString(ttl.toMillis());
        this.maxEntries = Integer.toString(maxEntries);
        this.markerMillis = Long.toString(markerLifetime.toMillis());
    }

    /** The namespace's invalidation counter now: the token of a load beginning now. */
    long clock(UnifiedJedis redis) {
        String value = redis.get(keys.stampCounter());
        return value == null ? 0 : Long.parseLong(value);
    }

    /** An entry (empty for none or a tombstone) and the invalidation counter when it was read. */
    record Read(Optional<String> value, long clock) {}

    /** The entry under {@code key} and, in the same round trip, what {@link #clock} would answer. */
    Read read(UnifiedJedis redis, String key) {
        List<String> values = redis.mget(key, keys.stampCounter());
        String value = values.get(0);
        String clock = values.get(1);
        return new Read(
                value == null || TOMBSTONE.equals(value) ? Optional.empty() : Optional.of(value),
                clock == null ? 0 : Long.parseLong(clock));
    }

    /** Stores the node unless a stamp newer than {@code token} refuses it; also records {@code touched} ids' use. */
    PutOutcome put(UnifiedJedis redis, long token, long id, String slug, String json, List<String> touched) {
        List<String> args = new ArrayList<>(9 + touched.size());
        args.addAll(List.of(
                Long.toString(id),
                slug,
                json,
                ttlMillis,
                maxEntries,
                TOMBSTONE,
                keys.idPrefix(),
                keys.slugPrefix(),
                Long.toString(token)));
        args.addAll(touched);
        List<?> result = PUT.runForList(
                redis,
                List.of(
                        keys.id(id),
                        keys.slug(slug),
                        keys.index(),
                        keys.indexSlugs(),
                        keys.indexClock(),
                        keys.idStamp(id),
                        keys.slugStamp(slug)),
                args);
        return new PutOutcome(number(result, 0) == 1, number(result, 1), number(result, 2));
    }

    /** Moves the ids that were served up the eviction order (those no longer cached are left out). */
    void touch(UnifiedJedis redis, List<String> touched) {
        if (!touched.isEmpty()) {
            TOUCH.runForList(redis, List.of(keys.index(), keys.indexClock()), touched);
        }
    }

    /** Stamps and tombstones the node's keys and publishes {@code publication} with the stamp, id and slugs. */
    InvalidateOutcome invalidate(
            UnifiedJedis redis, InvalidationChannel.Publication publication, long id, String... slugs) {
        List<String> scriptKeys = new ArrayList<>(4 + slugs.length);
        scriptKeys.add(keys.id(id));
        scriptKeys.add(keys.index());
        scriptKeys.add(keys.indexSlugs());
        scriptKeys.add(keys.stampCounter());
        for (String slug : slugs) {
            scriptKeys.add(keys.slug(slug));
        }
        List<?> result = INVALIDATE.runForList(
                redis,
                scriptKeys,
                List.of(
                        Long.toString(id),
                        TOMBSTONE,
                        markerMillis,
                        keys.slugPrefix(),
                        keys.stampPrefix(),
                        publication.channel(),
                        publication.messagePrefix()));
        return new InvalidateOutcome(number(result, 0), number(result, 1), number(result, 2));
    }

    long entries(UnifiedJedis redis) {
        return redis.zcard(keys.index());
    }

    /**
     * Removes every entry, tombstone and index key of the namespace (SCAN + UNLINK); view keys stay, and so do the
     * stamps and their counter, which only ever refuse a put.
     */
    void purge(UnifiedJedis redis) {
        for (String pattern : keys.entryPatterns()) {
            ScanParams params = new ScanParams().match(pattern).count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    redis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        redis.unlink(keys.index(), keys.indexSlugs(), keys.indexClock());
    }

    private static long number(List<?> result, int index) {
        return ((Number) result.get(index)).longValue();
    }
}
