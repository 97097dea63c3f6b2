package dev.nodes.service.nodes.views;

import dev.nodes.contracts.CacheKeys;
import dev.nodes.service.nodes.engagement.FirstViewCheck;
import dev.nodes.service.redis.RedisConnection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Remembers the views PostgreSQL has counted, per viewer, node and UTC day, so that repeats skip the insert. With
 * Redis: {@code SET <key> 1 EXAT <next UTC midnight>} under {@code <ns>:nodes:v1:view:<nodeId>:<yyyymmdd>:<viewer>};
 * without Redis, or while it is down (the same {@link RedisConnection} state as the node cache), a set per day in
 * memory, past days dropped. Views remembered in memory during an outage are copied to Redis before it is used
 * again. Forgetting a view costs one insert that PostgreSQL's key turns into "already counted"; it never counts
 * twice.
 */
public final class ViewDeduplicator implements FirstViewCheck, RedisConnection.Listener {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final String keyPrefix;
    private final RedisConnection redis;
    /** Day -> Redis keys of the views seen that day while running on memory. */
    private final Map<LocalDate, Set<String>> memory = new ConcurrentHashMap<>();

    /** {@code redis} is null when Redis is not configured. */
    public ViewDeduplicator(String namespace, RedisConnection redis) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        this.keyPrefix = CacheKeys.prefix(namespace) + "view:";
        this.redis = redis;
    }

    /** True when the view is remembered (in Redis, or in memory while Redis is down). Never throws for Redis. */
    @Override
    public boolean countedToday(long nodeId, UUID viewerId, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String key = key(nodeId, viewerId, day);
        if (redis != null && redis.available()) {
            try {
                return redis.client().exists(key);
            } catch (RuntimeException e) {
                redis.reportFailure("view EXISTS", e);
            }
        }
        Set<String> seen = memory.get(day);
        return seen != null && seen.contains(key);
    }

    /** Remembers a view PostgreSQL has, until the next UTC midnight. Best effort, never throws for Redis. */
    @Override
    public void rememberCounted(long nodeId, UUID viewerId, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String key = key(nodeId, viewerId, day);
        if (redis != null && redis.available()) {
            try {
                redis.client().set(key, "1", SetParams.setParams().exAt(nextMidnight(day)));
                return;
            } catch (RuntimeException e) {
                redis.reportFailure("view SET", e);
            }
        }
        seenInMemory(day).add(key);
    }

    private String key(long nodeId, UUID viewerId, LocalDate day) {
        Objects.requireNonNull(viewerId, "viewerId");
        return keyPrefix + nodeId + ":" + DAY.format(day) + ":" + viewerId;
    }

    /** Epoch second at which the views of {@code day} expire: the next UTC midnight. */
    public static long nextMidnight(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    private Set<String> seenInMemory(LocalDate day) {
        Set<String> seen = memory.get(day);
        if (seen == null) {
            memory.keySet().removeIf(past -> past.isBefore(day));
            seen = memory.computeIfAbsent(day, d -> ConcurrentHashMap.newKeySet());
        }
        return seen;
    }

    @Override
    public void beforeRecovery(UnifiedJedis client) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        memory.keySet().removeIf(day -> day.isBefore(today));
        for (Map.Entry<LocalDate, Set<String>> day : memory.entrySet()) {
            List<String> keys = List.copyOf(day.getValue());
            SetParams params = SetParams.setParams().nx().exAt(nextMidnight(day.getKey()));
            try (AbstractPipeline pipeline = client.pipelined()) {
                for (String key : keys) {
                    pipeline.set(key, "1", params);
                }
                pipeline.sync();
            }
            // Redis knows them now (a view added meanwhile stays in memory until the next recovery or day)
            day.getValue().removeAll(keys);
        }
    }
}
