package dev.nodes.service.nodes.cache;

import java.util.Optional;

/**
 * Cache of node representations (the JSON the API returns), under {@code <ns>:nodes:v1:id:<id>} and
 * {@code <ns>:nodes:v1:slug:<slug>}.
 *
 * <p>Consistency rule: {@link #invalidate} is called after the commit of every write and stamps the node's keys
 * with the next value of an invalidation clock. A reader that missed takes a {@link ReadToken} (the clock) before
 * it reads the database, and its {@link #put} is refused when either key carries a newer stamp: that reader may
 * have loaded the row before the write's commit. A reader that began after the invalidation presents a token at
 * least as new and is cached at once. A reader therefore never sees data older than a write that has returned to
 * it, and the node read right after a write is served from the cache from its second read on.
 *
 * <p>No method throws because of the cache backend: failures are counted and the caller falls back to
 * PostgreSQL.
 */
public interface NodeCache extends AutoCloseable {

    /**
     * The node's entry and, in the same round trip, the read token a miss presents with its {@link #put}: the
     * token is taken before the database is read, which is all the rule asks.
     */
    Lookup lookupById(long id);

    /** As {@link #lookupById}, by slug. */
    Lookup lookupBySlug(String slug);

    default Optional<String> getById(long id) {
        return lookupById(id).hit();
    }

    default Optional<String> getBySlug(String slug) {
        return lookupBySlug(slug).hit();
    }

    /** Before reading the database without a {@link Lookup}: what the {@link #put} of that read must present. */
    ReadToken beginLoad();

    /**
     * Stores the representation under its id and slug keys unless a write invalidated either since {@code token}
     * was taken; the cap evicts the least recently (Redis) or least frequently (memory) used nodes.
     */
    void put(ReadToken token, long id, String slug, String json);

    /** Removes the id key and every given slug key (old and new slug after a rename), stamping them. */
    void invalidate(long id, String... slugs);

    /** {@code redis} or {@code memory}: where entries go now. */
    String backend();

    @Override
    void close();
}
