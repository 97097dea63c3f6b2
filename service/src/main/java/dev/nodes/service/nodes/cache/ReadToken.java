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
 */
public record ReadToken(long memoryStamp, long redisStamp, long takenNanos) {
    static final long NO_REDIS = -1;

    boolean fromRedis() {
        return redisStamp != NO_REDIS;
    }
}
