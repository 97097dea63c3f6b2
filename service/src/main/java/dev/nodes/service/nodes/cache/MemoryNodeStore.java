package dev.nodes.service.nodes.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory backend: a Caffeine cache of nodes by id (W-TinyLFU eviction at the cap, expiry after write),
 * plus a slug -> id map. One entry is one node, so the cap counts nodes. Reads are lock-free; puts and
 * invalidates take one lock so that the stamp check and the write are atomic.
 *
 * <p>Stamps (the invalidation clock a write left on a key) live in their own maps: they do not count toward the
 * cap and survive {@link #clearEntries()}, which keeps the read-token rule across a switch between Redis and
 * memory. Stamps are swept a while after they were made; {@code sweptFloor} remembers the newest swept one, so a
 * token older than it is refused and the rule stays exact however long a load took.
 */
final class MemoryNodeStore {

    private record Entry(long id, String slug, String json) {}

    private record Stamp(long value, long madeNanos) {}

    private final long stampNanos;
    private final Cache<Long, Entry> entries;
    /** slug -> id of the node cached under it; a stale mapping only costs a miss (the entry's slug is checked). */
    private final ConcurrentHashMap<String, Long> idBySlug = new ConcurrentHashMap<>();

    private final AtomicLong clock = new AtomicLong();
    private final ConcurrentHashMap<Long, Stamp> idStamps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Stamp> slugStamps = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Written under writeLock, read lock-free by {@link #admits}. */
    private volatile long sweptFloor;

    private long lastSweep = System.nanoTime();

    MemoryNodeStore(Duration ttl, int maxEntries, Duration stampLifetime, Runnable onCapacityEviction) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        this.stampNanos = stampLifetime.toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                // maintenance (eviction, its listener) on the calling thread: no pool, and the cap holds at once
                .executor(Runnable::run)
                .<Long, Entry>evictionListener((id, entry, cause) -> {
                    if (entry != null) {
                        idBySlug.remove(entry.slug(), entry.id());
                    }
                    if (cause == RemovalCause.SIZE) {
                        onCapacityEviction.run();
                    }
                })
                .build();
    }

    Optional<String> getById(long id) {
        Entry entry = entries.getIfPresent(id);
        return entry == null ? Optional.empty() : Optional.of(entry.json());
    }

    Optional<String> getBySlug(String slug) {
        Long id = idBySlug.get(slug);
        Entry entry = id == null ? null : entries.getIfPresent(id);
        return entry == null || !entry.slug().equals(slug) ? Optional.empty() : Optional.of(entry.json());
    }

    /** The invalidation clock now: what a load beginning now presents with its put. */
    long clock() {
        return clock.get();
    }

    /** Whether no invalidate of the id or the slug happened after {@code token} was taken (lock-free). */
    boolean admits(long token, long id, String slug) {
        return token >= sweptFloor && stampOf(idStamps.get(id)) <= token && stampOf(slugStamps.get(slug)) <= token;
    }

    private static long stampOf(Stamp stamp) {
        return stamp == null ? 0 : stamp.value();
    }

    /** Stores the node unless a newer stamp refuses {@code token}; returns whether it was stored. */
    boolean put(long token, long id, String slug, String json) {
        writeLock.lock();
        try {
            if (!admits(token, id, slug)) {
                return false;
            }
            Entry entry = new Entry(id, slug, json);
            entries.asMap().compute(id, (key, previous) -> {
                if (previous != null && !previous.slug().equals(slug)) {
                    idBySlug.remove(previous.slug(), id);
                }
                return entry;
            });
            Long slugOwner = idBySlug.put(slug, id);
            if (slugOwner != null && slugOwner != id) {
                // the slug moved to this node: the other node's entry is older than that change
                entries.asMap()
                        .computeIfPresent(
                                slugOwner, (key, other) -> other.slug().equals(slug) ? null : other);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Stamps the id and every slug (and the slug the id was cached under); returns the entries removed. */
    int invalidate(long id, String... slugs) {
        writeLock.lock();
        try {
            long now = System.nanoTime();
            Stamp stamp = new Stamp(clock.incrementAndGet(), now);
            idStamps.put(id, stamp);
            int removed = 0;
            Entry cached = entries.asMap().remove(id);
            if (cached != null) {
                idBySlug.remove(cached.slug(), id);
                slugStamps.put(cached.slug(), stamp);
                removed++;
            }
            for (String slug : slugs) {
                slugStamps.put(slug, stamp);
                Long owner = idBySlug.get(slug);
                Entry underSlug = owner == null ? null : entries.getIfPresent(owner);
                if (underSlug != null
                        && underSlug.slug().equals(slug)
                        && entries.asMap().remove(owner, underSlug)) {
                    idBySlug.remove(slug, owner);
                    removed++;
                }
            }
            sweepStamps(now);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Drops every entry but keeps the stamps; returns how many entries were dropped. */
    int clearEntries() {
        writeLock.lock();
        try {
            int dropped = entries.asMap().size();
            entries.invalidateAll();
            idBySlug.clear();
            return dropped;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Drops every entry and refuses the puts of every load that began before (their tokens are older than the
     * new floor): for a near cache that may have missed invalidations. Returns how many entries were dropped.
     */
    int reset() {
        writeLock.lock();
        try {
            sweptFloor = clock.incrementAndGet();
            return clearEntries();
        } finally {
            writeLock.unlock();
        }
    }

    /** Live entries; called at scrape time, not on the request path. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    private void sweepStamps(long now) {
        if (now - lastSweep < stampNanos) {
            return;
        }
        lastSweep = now;
        idStamps.values().removeIf(stamp -> swept(stamp, now));
        slugStamps.values().removeIf(stamp -> swept(stamp, now));
    }

    private boolean swept(Stamp stamp, long now) {
        if (now - stamp.madeNanos() < stampNanos) {
            return false;
        }
        sweptFloor = Math.max(sweptFloor, stamp.value());
        return true;
    }
}
