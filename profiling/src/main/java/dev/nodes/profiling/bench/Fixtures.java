package dev.nodes.profiling.bench;

import java.util.List;
import java.util.UUID;

/**
 * What the scenarios request, as seeded (or found) on the target.
 *
 * @param hotNodes      a small set the cache-hit scenarios rotate over (cached after the first round)
 * @param coldNodes     the other published nodes; {@code nodes:get-miss} walks them in a fixed cyclic order, so
 *                      a node comes back only after all the others: with more nodes than the cache holds, every
 *                      request misses (LRU or oldest-first eviction)
 * @param authors       authors whose nodes the author listing asks for
 * @param notifications notifications the mark-read scenario reads, each with its owner
 */
public record Fixtures(
        Credentials credentials,
        List<SeededNode> hotNodes,
        List<SeededNode> coldNodes,
        List<UUID> authors,
        List<SeededNotification> notifications) {

    public record SeededNode(long id, String slug, UUID authorId, boolean readableByAll) {}

    public record SeededNotification(UUID id, BenchUser owner) {}
}
