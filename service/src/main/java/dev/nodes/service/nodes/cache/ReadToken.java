package dev.nodes.service.nodes.cache;

/**
 * Taken by {@link NodeCache#beginLoad()} after a miss and before the database is read, and presented with the
 * {@link NodeCache#put put} of what was read. It records how many invalidations each backend had seen: a put is
 * refused when a write invalidated the node after the token was taken (the row read may predate that write's
 * commit), and accepted otherwise, so the first read after a write caches the new copy at once.
 *
 * @param memoryStamp the memory backend's invalidation clock when the load began
 * @param redisStamp  the Redis namespace's invalidation clock, or {@link #NO_REDIS} when Redis was not in use
 * @param takenNanos  {@link System#nanoTime()} when taken: a load slower than the markers' lifetime is not cached,
 *                    since a marker that expired meanwhile can no longer refuse it
 * @param nearToken   the near cache's clock when the load began, or {@link NearCache#NO_FILL}
 */
public record ReadToken(long memoryStamp, long redisStamp, long takenNanos, long nearToken) {
    static final long NO_REDIS = -1;

    /** What a near hit carries: never presented with a put (and refused if it were). */
    static final ReadToken SERVED_FROM_NEAR = new ReadToken(Long.MIN_VALUE, NO_REDIS, 0, NearCache.NO_FILL);

    public ReadToken(long memoryStamp, long redisStamp, long takenNanos) {
        this(memoryStamp, redisStamp, takenNanos, NearCache.NO_FILL);
    }

    boolean fromRedis() {
        return redisStamp != NO_REDIS;
    }
}
