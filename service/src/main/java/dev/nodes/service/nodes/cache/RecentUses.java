package dev.nodes.service.nodes.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node ids this replica served from Redis since they were last reported, with the order of their last use,
 * so a hit stays one GET while the shared eviction order still learns about it, in order (with the next put,
 * or a periodic touch). Bounded: beyond {@link #LIMIT} distinct ids a hit of a new id is not recorded until the
 * next drain (a very hot replica only loses recency detail, never correctness).
 */
final class RecentUses {
    static final int LIMIT = 4 * RedisNodeStore.MAX_TOUCHES;

    private final Map<Long, Long> lastUse = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    void record(long id) {
        if (lastUse.size() < LIMIT || lastUse.containsKey(id)) {
            lastUse.put(id, sequence.incrementAndGet());
        }
    }

    /** Takes out the up to {@code max} least recently used ids, oldest use first, as the scripts expect them. */
    List<String> drain(int max) {
        if (lastUse.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<Long, Long>> uses = new ArrayList<>(lastUse.entrySet());
        uses.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        List<String> out = new ArrayList<>(Math.min(max, uses.size()));
        for (Map.Entry<Long, Long> use : uses) {
            if (out.size() == max) {
                break;
            }
            // a use recorded since the snapshot stays for the next drain
            if (lastUse.remove(use.getKey(), use.getValue())) {
                out.add(Long.toString(use.getKey()));
            }
        }
        return out;
    }

    boolean isEmpty() {
        return lastUse.isEmpty();
    }
}
