package dev.nodes.service.nodes.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory backend. Lookups are lock-free map reads; writes take one lock, which keeps the insertion order
 * (for the cap), the two lookup maps and the tombstones consistent with each other. One entry is one node (its
 * id and slug keys together), so the cap counts nodes.
 *
 * <p>Tombstones live in their own maps: they do not count toward the cap and survive {@link #clearEntries()},
 * which lets the cache keep its tombstone rule across a switch between Redis and memory.
 */
final class MemoryNodeStore {

    private record Entry(long id, String slug, String json, long expiresAt) {
    }

    /** What a put did: dropped over a tombstone, or stored after evicting {@code evicted} entries. */
    record PutOutcome(boolean stored, int evicted) {
    }

    private final long ttlNanos;
    private final long tombstoneNanos;
    private final int maxEntries;

    private final ConcurrentHashMap<Long, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> bySlug = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> idTombstones = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> slugTombstones = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guarded by writeLock; insertion order, which with one TTL for all entries is also expiry order. */
    private final LinkedHashMap<Long, Entry> insertionOrder = new LinkedHashMap<>();
    private long lastTombstoneSweep = System.nanoTime();

    MemoryNodeStore(Duration ttl, int maxEntries, Duration tombstoneTtl) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.ttlNanos = ttl.toNanos();
        this.tombstoneNanos = tombstoneTtl.toNanos();
        this.maxEntries = maxEntries;
    }

    Optional<String> getById(long id) {
        return live(byId.get(id));
    }

    Optional<String> getBySlug(String slug) {
        return live(bySlug.get(slug));
    }

    private static Optional<String> live(Entry entry) {
        if (entry == null || entry.expiresAt() - System.nanoTime() <= 0) {
            return Optional.empty();
        }
        return Optional.of(entry.json());
    }

    /** Whether a recent invalidate covers the id or the slug (lock-free; also used in front of Redis). */
    boolean tombstoned(long id, String slug) {
        long now = System.nanoTime();
        return alive(idTombstones.get(id), now) || alive(slugTombstones.get(slug), now);
    }

    private static boolean alive(Long expiresAt, long now) {
        return expiresAt != null && expiresAt - now > 0;
    }

    PutOutcome put(long id, String slug, String json) {
        writeLock.lock();
        try {
            long now = System.nanoTime();
            if (alive(idTombstones.get(id), now) || alive(slugTombstones.get(slug), now)) {
                return new PutOutcome(false, 0);
            }
            Entry previous = insertionOrder.remove(id);
            if (previous != null) {
                unmap(previous);
            }
            Entry entry = new Entry(id, slug, json, now + ttlNanos);
            insertionOrder.put(id, entry);
            byId.put(id, entry);
            Entry slugOwner = bySlug.put(slug, entry);
            if (slugOwner != null && slugOwner.id() != id) {
                // the slug moved to this node: the other node's entry is older than that change
                insertionOrder.remove(slugOwner.id(), slugOwner);
                byId.remove(slugOwner.id(), slugOwner);
            }
            dropExpired(now);
            int evicted = 0;
            Iterator<Entry> oldest = insertionOrder.values().iterator();
            while (insertionOrder.size() > maxEntries && oldest.hasNext()) {
                Entry victim = oldest.next();
                oldest.remove();
                unmap(victim);
                evicted++;
            }
            return new PutOutcome(true, evicted);
        } finally {
            writeLock.unlock();
        }
    }

    /** Tombstones the id and every slug (and the slug the id was cached under); returns the entries removed. */
    int invalidate(long id, String... slugs) {
        writeLock.lock();
        try {
            long now = System.nanoTime();
            long until = now + tombstoneNanos;
            idTombstones.put(id, until);
            int removed = 0;
            Entry cached = insertionOrder.remove(id);
            if (cached != null) {
                unmap(cached);
                slugTombstones.put(cached.slug(), until);
                removed++;
            }
            for (String slug : slugs) {
                slugTombstones.put(slug, until);
                Entry underSlug = bySlug.get(slug);
                if (underSlug != null && insertionOrder.remove(underSlug.id(), underSlug)) {
                    unmap(underSlug);
                    removed++;
                }
            }
            sweepTombstones(now);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Drops every entry but keeps the tombstones; returns how many entries were dropped. */
    int clearEntries() {
        writeLock.lock();
        try {
            int dropped = insertionOrder.size();
            insertionOrder.clear();
            byId.clear();
            bySlug.clear();
            return dropped;
        } finally {
            writeLock.unlock();
        }
    }

    /** Live entries (expired ones are dropped first); called at scrape time, not on the request path. */
    long size() {
        writeLock.lock();
        try {
            dropExpired(System.nanoTime());
            return insertionOrder.size();
        } finally {
            writeLock.unlock();
        }
    }

    private void dropExpired(long now) {
        Iterator<Entry> oldest = insertionOrder.values().iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next();
            if (entry.expiresAt() - now > 0) {
                return;
            }
            oldest.remove();
            unmap(entry);
        }
    }

    private void unmap(Entry entry) {
        byId.remove(entry.id(), entry);
        bySlug.remove(entry.slug(), entry);
    }

    private void sweepTombstones(long now) {
        if (now - lastTombstoneSweep < tombstoneNanos) {
            return;
        }
        lastTombstoneSweep = now;
        idTombstones.values().removeIf(expiresAt -> expiresAt - now <= 0);
        slugTombstones.values().removeIf(expiresAt -> expiresAt - now <= 0);
    }
}
