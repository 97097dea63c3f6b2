package dev.nodes.service.nodes.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * What a cache read found: the representation on a hit and, always, the {@link ReadToken} taken with that read,
 * so a miss can load from the database and present it to {@link NodeCache#put} without asking the cache again.
 */
public record Lookup(Optional<String> hit, ReadToken token) {
    public Lookup {
        Objects.requireNonNull(hit, "hit");
        Objects.requireNonNull(token, "token");
    }
}
