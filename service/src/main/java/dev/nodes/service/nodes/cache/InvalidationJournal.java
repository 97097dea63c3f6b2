package dev.nodes.service.nodes.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * The invalidations Redis missed while it was not in use (or failed to take), replayed when it is used again, so
 * a blip or a pause undoes only what was written meanwhile instead of emptying the shared cache. Bounded: past
 * {@code capacity} entries it only remembers that it overflowed, and the recovery purges instead. Not
 * thread-safe: its owner synchronizes on it.
 */
final class InvalidationJournal {

    record Invalidation(long id, String[] slugs) {}

    private final int capacity;
    private final List<Invalidation> entries = new ArrayList<>();
    private boolean overflowed;

    InvalidationJournal(int capacity) {
        this.capacity = capacity;
    }

    void add(long id, String... slugs) {
        if (entries.size() >= capacity) {
            overflowed = true;
            entries.clear();
        } else if (!overflowed) {
            entries.add(new Invalidation(id, slugs.clone()));
        }
    }

    /** Overflowed, or told that Redis's entries cannot be trusted: the recovery purges instead of replaying. */
    boolean purgeRequired() {
        return overflowed;
    }

    /** Everything recorded so far, forgotten here (the caller replays it, or purges). */
    List<Invalidation> takeAll() {
        List<Invalidation> taken = List.copyOf(entries);
        entries.clear();
        overflowed = false;
        return taken;
    }

    /** After a replay failed half way (what was taken is lost) or Redis answered with an error: purge next time. */
    void requirePurge() {
        entries.clear();
        overflowed = true;
    }
}
