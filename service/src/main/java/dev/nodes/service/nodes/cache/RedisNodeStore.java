package dev.nodes.service.nodes.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis backend. A get is one plain GET; put and invalidate are Lua scripts, so the tombstone check, the
 * write and the cap are atomic and their cost falls on writes.
 *
 * <p>The cap is kept with a sorted set of node ids scored by insertion time in microseconds (Redis TIME, forced
 * strictly increasing), plus a hash id -> cached slug, so that evicting a node removes both of its keys. Members
 * older than the TTL are dropped on put: their keys expired on their own (this assumes every writer of a
 * namespace uses the same TTL). A tombstone is the value {@link #TOMBSTONE} with a short PX under the entry's
 * key; it is never indexed, so tombstones do not count toward the cap.
 *
 * <p>The scripts touch keys derived from the index (evicted nodes), which standalone Redis allows; they are not
 * meant for Redis Cluster.
 */
final class RedisNodeStore {
    /** Not valid JSON, so never a cached representation. */
    static final String TOMBSTONE = "!tombstone";

    private static final Script PUT = new Script("""
            -- KEYS: id key, slug key, index, index slugs, index clock
            -- ARGV: id, slug, json, ttl ms, cap, tombstone, id key prefix, slug key prefix
            local tombstone = ARGV[6]
            local function drop(key)
              if redis.call('GET', key) ~= tombstone then redis.call('DEL', key) end
            end
            if redis.call('GET', KEYS[1]) == tombstone or redis.call('GET', KEYS[2]) == tombstone then
              return {0, 0, redis.call('ZCARD', KEYS[3])}
            end
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local last = tonumber(redis.call('GET', KEYS[5]) or '0')
            if now <= last then now = last + 1 end
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

    private static final Script INVALIDATE = new Script("""
            -- KEYS: id key, index, index slugs, slug keys...
            -- ARGV: id, tombstone, tombstone ms, slug key prefix
            local removed = redis.call('ZREM', KEYS[2], ARGV[1])
            local cachedSlug = redis.call('HGET', KEYS[3], ARGV[1])
            redis.call('HDEL', KEYS[3], ARGV[1])
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            for i = 4, #KEYS do redis.call('SET', KEYS[i], ARGV[2], 'PX', ARGV[3]) end
            if cachedSlug then redis.call('SET', ARGV[4] .. cachedSlug, ARGV[2], 'PX', ARGV[3]) end
            return {removed, redis.call('ZCARD', KEYS[2])}
            """);

    /** What a put did, and the index size after it. */
    record PutOutcome(boolean stored, long evicted, long entries) {
    }

    /** Entries removed by an invalidate (0 or 1), and the index size after it. */
    record InvalidateOutcome(long removed, long entries) {
    }

    private final NodeCacheKeys keys;
    private final String ttlMillis;
    private final String maxEntries;
    private final String tombstoneMillis;

    RedisNodeStore(NodeCacheKeys keys, Duration ttl, int maxEntries, Duration tombstoneTtl) {
        this.keys = keys;
        this.ttlMillis = Long.toString(ttl.toMillis());
        this.maxEntries = Integer.toString(maxEntries);
        this.tombstoneMillis = Long.toString(tombstoneTtl.toMillis());
    }

    Optional<String> get(UnifiedJedis redis, String key) {
        String value = redis.get(key);
        return value == null || TOMBSTONE.equals(value) ? Optional.empty() : Optional.of(value);
    }

    PutOutcome put(UnifiedJedis redis, long id, String slug, String json) {
        List<?> result = PUT.run(redis,
                List.of(keys.id(id), keys.slug(slug), keys.index(), keys.indexSlugs(), keys.indexClock()),
                List.of(Long.toString(id), slug, json, ttlMillis, maxEntries, TOMBSTONE, keys.idPrefix(),
                        keys.slugPrefix()));
        return new PutOutcome(number(result, 0) == 1, number(result, 1), number(result, 2));
    }

    InvalidateOutcome invalidate(UnifiedJedis redis, long id, String... slugs) {
        List<String> scriptKeys = new ArrayList<>(3 + slugs.length);
        scriptKeys.add(keys.id(id));
        scriptKeys.add(keys.index());
        scriptKeys.add(keys.indexSlugs());
        for (String slug : slugs) {
            scriptKeys.add(keys.slug(slug));
        }
        List<?> result = INVALIDATE.run(redis, scriptKeys,
                List.of(Long.toString(id), TOMBSTONE, tombstoneMillis, keys.slugPrefix()));
        return new InvalidateOutcome(number(result, 0), number(result, 1));
    }

    long entries(UnifiedJedis redis) {
        return redis.zcard(keys.index());
    }

    /** Removes every entry, tombstone and index key of the namespace (SCAN + UNLINK); view keys stay. */
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

    /** A Lua script run by its SHA1, loaded again after NOSCRIPT (a restarted Redis has forgotten it). */
    private record Script(String source, String sha1) {
        Script(String source) {
            this(source, sha1(source));
        }

        List<?> run(UnifiedJedis redis, List<String> keys, List<String> args) {
            try {
                return (List<?>) redis.evalsha(sha1, keys, args);
            } catch (JedisNoScriptException e) {
                return (List<?>) redis.eval(source, keys, args);
            }
        }

        private static String sha1(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
