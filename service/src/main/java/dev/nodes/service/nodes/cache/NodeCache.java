package dev.nodes.service.nodes.cache;

import java.util.Optional;

/**
 * Cache of node representations (the JSON the API returns), under {@code <ns>:nodes:v1:id:<id>} and
 * {@code <ns>:nodes:v1:slug:<slug>}.
 *
 * <p>Consistency rule: {@link #invalidate} is called after the commit of every write. It leaves a short-lived
 * tombstone under both keys so that a reader which loaded the row before that commit cannot put its older copy
 * back: a {@link #put} over a tombstone is dropped. A reader therefore never sees data older than a write that
 * has returned to it.
 *
 * <p>No method throws because of the cache backend: failures are counted and the caller falls back to
 * PostgreSQL.
 */
public interface NodeCache extends AutoCloseable {

    Optional<String> getById(long id);

    Optional<String> getBySlug(String slug);

    /** Stores the representation under its id and slug keys, evicting the oldest entries beyond the cap. */
    void put(long id, String slug, String json);

    /** Removes the id key and every given slug key (old and new slug after a rename). */
    void invalidate(long id, String... slugs);

    /** {@code redis} or {@code memory}: where entries go now. */
    String backend();

    @Override
    void close();
}
