package dev.nodes.profiling.faults;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write the service acknowledged (a 2xx answer) during the run, which the database must show afterwards:
 * created nodes, the highest version an update answered per node, views answered {@code counted: true}, likes,
 * the {@code event_id} of each admin send and each broadcast with its audience. A view answered
 * {@code counted: true} twice for one viewer, node and UTC day is a duplicate the service itself confessed.
 */
final class Ledger {
    /** A view the service counted: node, viewer and the UTC day of its answer. */
    record View(long node, UUID viewer, LocalDate day) {}

    record Like(long node, UUID user) {}

    private final Map<Long, String> createdNodes = new ConcurrentHashMap<>();
    private final Map<Long, Integer> updatedVersions = new ConcurrentHashMap<>();
    private final Map<View, AtomicLong> countedViews = new ConcurrentHashMap<>();
    private final Set<Like> likes = ConcurrentHashMap.newKeySet();
    private final Map<String, UUID> eventIds = new ConcurrentHashMap<>();
    private final Map<UUID, List<UUID>> broadcasts = new ConcurrentHashMap<>();

    void created(long node, String slug) {
        createdNodes.put(node, slug);
    }

    void updated(long node, int version) {
        updatedVersions.merge(node, version, Math::max);
    }

    void counted(long node, UUID viewer) {
        countedViews
                .computeIfAbsent(new View(node, viewer, LocalDate.now(ZoneOffset.UTC)), v -> new AtomicLong())
                .incrementAndGet();
    }

    void liked(long node, UUID user) {
        likes.add(new Like(node, user));
    }

    void sent(String eventId, UUID user) {
        eventIds.put(eventId, user);
    }

    void broadcast(UUID id, List<UUID> users) {
        broadcasts.put(id, List.copyOf(users));
    }

    Map<Long, String> createdNodes() {
        return Map.copyOf(createdNodes);
    }

    Map<Long, Integer> updatedVersions() {
        return Map.copyOf(updatedVersions);
    }

    Set<View> countedViews() {
        return Set.copyOf(countedViews.keySet());
    }

    /** Views the service answered {@code counted: true} more than once on one day: each extra answer is one. */
    long viewsCountedTwice() {
        return countedViews.values().stream().mapToLong(n -> n.get() - 1).sum();
    }

    Set<Like> likes() {
        return Set.copyOf(likes);
    }

    Map<String, UUID> eventIds() {
        return Map.copyOf(eventIds);
    }

    Map<UUID, List<UUID>> broadcasts() {
        return Map.copyOf(broadcasts);
    }

    /** How many acknowledged writes there are in all (a view, a like, a send, a broadcast: one each). */
    long size() {
        return createdNodes.size()
                + updatedVersions.size()
                + countedViews.size()
                + likes.size()
                + eventIds.size()
                + broadcasts.size();
    }
}
