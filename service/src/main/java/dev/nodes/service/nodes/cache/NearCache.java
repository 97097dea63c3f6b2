package dev.nodes.service.nodes.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The hottest nodes of this process in front of Redis, so a hit costs no round trip. Filled only from what
 * Redis holds (a Redis hit, or a put Redis accepted) and only under the {@link InvalidationChannel}'s lease;
 * emptied by every write any replica makes (the channel's messages, or {@link #drop} for this replica's own
 * writes, before they reach Redis). A fill presents the near clock taken before its Redis read, like a put
 * presents its read token, so a fill that raced a write's message is refused instead of bringing the old copy
 * back.
 */
final class NearCache implements InvalidationChannel.Receiver {
    /** The token of a read that cannot fill the near cache (it was not usable when the read began). */
    static final long NO_FILL = Long.MIN_VALUE;

    private final MemoryNodeStore store;
    private final Consumer<String> onReset;
    private volatile InvalidationChannel channel;

    NearCache(Duration ttl, int maxEntries, Duration stampLifetime, Consumer<String> onReset) {
        this.store = new MemoryNodeStore(ttl, maxEntries, stampLifetime, () -> {});
        this.onReset = onReset;
    }

    void listenOn(InvalidationChannel channel) {
        this.channel = channel;
    }

    /** Whether hits may be served and fills taken now (the channel's lease holds). */
    private boolean usable() {
        InvalidationChannel current = channel;
        return current != null && current.leaseValid();
    }

    /** The node, if held and the lease holds (empty otherwise: the caller asks Redis). */
    Optional<String> getById(long id) {
        return usable() ? store.getById(id) : Optional.empty();
    }

    Optional<String> getBySlug(String slug) {
        return usable() ? store.getBySlug(slug) : Optional.empty();
    }

    /** Before a Redis read whose answer may fill the near cache: what {@link #fill} presents. */
    long fillToken() {
        return usable() ? store.clock() : NO_FILL;
    }

    void fill(long token, long id, String slug, String json) {
        if (token != NO_FILL && usable()) {
            store.put(token, id, slug, json);
        }
    }

    /** This replica's own write, before it invalidates Redis. */
    void drop(long id, String... slugs) {
        store.invalidate(id, slugs);
    }

    @Override
    public void invalidated(long id, List<String> slugs) {
        store.invalidate(id, slugs.toArray(String[]::new));
    }

    @Override
    public void reset(String reason) {
        if (store.reset() > 0) {
            onReset.accept(reason);
        }
    }

    long size() {
        return store.size();
    }
}
