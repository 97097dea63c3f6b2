package dev.nodes.operator.redis;

import java.util.OptionalLong;

/**
 * maxmemory "auto": cache.maxEntries times the measured mean size of a cached node, for the two
 * keys each node has (by id and by slug), with headroom for Redis's own overhead.
 */
public final class MaxmemoryAutoSizer {
    static final int KEYS_PER_ENTRY = 2;
    static final double HEADROOM = 1.5;
    /** Below this Redis itself (buffers, replication) is starved; never size under it. */
    static final long FLOOR_BYTES = 16L * 1024 * 1024;

    private static final long MB = 1024L * 1024;

    private MaxmemoryAutoSizer() {}

    /** Empty when nothing is cached yet to measure: the limit is left alone until there is. */
    public static OptionalLong size(int maxEntries, OptionalLong meanEntryBytes) {
        if (meanEntryBytes.isEmpty()) {
            return OptionalLong.empty();
        }
        double bytes = (double) maxEntries * KEYS_PER_ENTRY * meanEntryBytes.getAsLong() * HEADROOM;
        long roundedUpToMb = ((long) Math.ceil(bytes / MB)) * MB;
        return OptionalLong.of(Math.max(FLOOR_BYTES, roundedUpToMb));
    }
}
