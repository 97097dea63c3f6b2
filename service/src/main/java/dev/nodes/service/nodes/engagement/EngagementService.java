package dev.nodes.service.nodes.engagement;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.GroupCommit;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.nodes.NodeRef;
import dev.nodes.service.nodes.NodeService;
import dev.nodes.service.nodes.cache.NodeCache;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Views and likes. A view counts once per viewer, node and UTC day; the counter and the day's bucket move in the
 * same transaction as the view, which a {@link GroupCommit} shares with the other views arriving meanwhile.
 * Likes are idempotent and invalidate the node's cached representation.
 */
public final class EngagementService implements AutoCloseable {
    private final Database database;
    private final NodeService nodes;
    private final NodeCache cache;
    private final FirstViewCheck firstViews;
    private final Clock clock;
    private final Counter views;
    private final ViewRepository viewRepository;
    private final LikeRepository likeRepository = new LikeRepository();
    private final GroupCommit<ViewRepository.View, Optional<Long>> viewCommits;

    public EngagementService(
            Database database,
            NodeService nodes,
            NodeCache cache,
            FirstViewCheck firstViews,
            Clock clock,
            PrometheusRegistry registry,
            GroupCommit.Metrics groupCommits) {
        this.database = database;
        this.viewRepository = new ViewRepository(database);
        this.nodes = nodes;
        this.cache = cache;
        this.firstViews = firstViews;
        this.clock = clock;
        this.views = Counter.builder()
                .name("nodes_views_total")
                .help("View registrations, by whether they were counted")
                .labelNames("counted")
                .register(registry);
        this.viewCommits = new GroupCommit<>("views", 1_000, 50_000, this::countViews, groupCommits);
    }

    public record ViewResult(long id, long viewsCount, boolean counted) {}

    public record LikeResult(long id, boolean liked, long likesCount) {}

    public record DayBucket(String date, long views) {}

    public record ViewHistory(long id, long total, List<DayBucket> buckets) {}

    /**
     * Registers a view. PostgreSQL decides: {@code node_views}' key counts a viewer's view once per day, and an
     * answer (counted or not) is given only after it has decided. Redis (or memory) then remembers the view, so
     * that repeats are answered without the insert; it never claims a view PostgreSQL does not have.
     */
    public ViewResult registerView(Caller caller, NodeRef ref, Optional<String> fingerprint) {
        long id = nodes.read(caller, ref).header().id();
        Instant now = clock.instant();
        boolean known = firstViews.countedToday(id, caller.userId(), now);
        // throws when PostgreSQL is down: the client is told nothing was counted (503) and its retry counts
        Optional<Long> counted = known
                ? Optional.empty()
                : countView(id, caller.userId(), LocalDate.ofInstant(now, ZoneOffset.UTC), fingerprint);
        // not counted: PostgreSQL (or Redis) had the view, or the node is gone (404 here, and nothing remembered)
        long count = counted.isPresent() ? counted.get() : currentViews(id);
        if (!known) {
            firstViews.rememberCounted(id, caller.userId(), now);
        }
        views.labelValues(String.valueOf(counted.isPresent())).inc();
        return new ViewResult(id, count, counted.isPresent());
    }

    private long currentViews(long id) {
        return viewRepository.viewsCount(id).orElseThrow(() -> ApiException.notFound("node"));
    }

    /** The new count once the viewer's first view of the day is committed, or empty when PostgreSQL had it. */
    private Optional<Long> countView(long id, UUID viewer, LocalDate day, Optional<String> fingerprint) {
        return viewCommits.submit(new ViewRepository.View(id, viewer, day, fingerprint.orElse(null)));
    }

    /** One transaction for the views of many requests; the same viewer twice in it: the first is counted. */
    private List<Optional<Long>> countViews(List<ViewRepository.View> views) {
        Map<ViewRepository.Key, Long> counted = database.inTransaction(tx -> viewRepository.countNew(tx, views));
        Set<ViewRepository.Key> answered = new HashSet<>();
        List<Optional<Long>> answers = new ArrayList<>(views.size());
        for (ViewRepository.View view : views) {
            Long total = counted.get(view.key());
            answers.add(total != null && answered.add(view.key()) ? Optional.of(total) : Optional.empty());
        }
        return answers;
    }

    /** The last {@code days} UTC days including today, newest first, with zero for days without views. */
    public ViewHistory viewHistory(Caller caller, NodeRef ref, int days) {
        long id = nodes.read(caller, ref).header().id();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<String, Long> byDay = viewRepository.viewsByDay(id, first, today);
        List<DayBucket> buckets = new ArrayList<>(days);
        long total = 0;
        for (LocalDate day = today; !day.isBefore(first); day = day.minusDays(1)) {
            long count = byDay.getOrDefault(day.toString(), 0L);
            total += count;
            buckets.add(new DayBucket(day.toString(), count));
        }
        return new ViewHistory(id, total, buckets);
    }

    public LikeResult like(Caller caller, NodeRef ref, boolean liked) {
        var header = nodes.read(caller, ref).header();
        long id = header.id();
        record Outcome(boolean changed, long count) {}
        Outcome outcome = database.inTransaction(tx -> {
            boolean changed = likeRepository.setLike(tx, id, caller.userId(), liked);
            long count =
                    likeRepository.likesCount(tx, id, changed, liked).orElseThrow(() -> ApiException.notFound("node"));
            return new Outcome(changed, count);
        });
        if (outcome.changed()) {
            cache.invalidate(id, header.slug());
        }
        return new LikeResult(id, liked, outcome.count());
    }

    /** Counts the views still waiting, then stops the committer; before the database closes. */
    @Override
    public void close() {
        viewCommits.close();
    }
}
