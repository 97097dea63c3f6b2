package dev.nodes.service.nodes.engagement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.Rows;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.nodes.NodeRef;
import dev.nodes.service.nodes.NodeService;
import dev.nodes.service.nodes.cache.NodeCache;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Views and likes. A view counts once per viewer, node and UTC day; the counter and the day's bucket move in one
 * transaction. Likes are idempotent and invalidate the node's cached representation.
 */
public final class EngagementService {
    private final Database database;
    private final NodeService nodes;
    private final NodeCache cache;
    private final FirstViewCheck firstViews;
    private final Clock clock;
    private final Counter views;

    public EngagementService(Database database, NodeService nodes, NodeCache cache, FirstViewCheck firstViews,
                             Clock clock, PrometheusRegistry registry) {
        this.database = database;
        this.nodes = nodes;
        this.cache = cache;
        this.firstViews = firstViews;
        this.clock = clock;
        this.views = Counter.builder()
                .name("nodes_views_total")
                .help("View registrations, by whether they were counted")
                .labelNames("counted")
                .register(registry);
    }

    public record ViewResult(long id, long viewsCount, boolean counted) {
    }

    public record LikeResult(long id, boolean liked, long likesCount) {
    }

    public record DayBucket(String date, long views) {
    }

    public record ViewHistory(long id, long total, List<DayBucket> buckets) {
    }

    /**
     * Registers a view. PostgreSQL decides: {@code node_views}' key counts a viewer's view once per day, and an
     * answer (counted or not) is given only after it has decided. Redis (or memory) then remembers the view, so
     * that repeats are answered without the insert; it never claims a view PostgreSQL does not have.
     */
    public ViewResult registerView(Caller caller, NodeRef ref, Optional<String> fingerprint) {
        long id = nodes.read(caller, ref).header().id();
        Instant now = clock.instant();
        Optional<Long> counted = Optional.empty();
        if (!firstViews.countedToday(id, caller.userId(), now)) {
            // throws when PostgreSQL is down: the client is told nothing was counted (503) and its retry counts
            counted = countView(id, caller.userId(), LocalDate.ofInstant(now, ZoneOffset.UTC), fingerprint);
            firstViews.rememberCounted(id, caller.userId(), now);
        }
        long count = counted.isPresent() ? counted.get() : currentViews(id);
        views.labelValues(String.valueOf(counted.isPresent())).inc();
        return new ViewResult(id, count, counted.isPresent());
    }

    private long currentViews(long id) {
        return database.execute().get("SELECT views_count FROM nodes WHERE id = ? AND deleted_at IS NULL", id)
                .map(row -> Rows.longValue(row, "views_count"))
                .orElseThrow(() -> ApiException.notFound("node"));
    }

    /**
     * Records the viewer's first view of the day and, only if it is new, moves the node's counter and the day's
     * bucket, all in one transaction; the new count, or empty when PostgreSQL already had this view.
     */
    private Optional<Long> countView(long id, UUID viewer, LocalDate day, Optional<String> fingerprint) {
        return database.inTransaction(tx -> {
            long inserted = tx.dml("""
                    INSERT INTO node_views (node_id, day, viewer_id, fingerprint) VALUES (?, ?::date, ?, ?)
                    ON CONFLICT (node_id, day, viewer_id) DO NOTHING""",
                    id, day.toString(), viewer, fingerprint.orElse(null));
            if (inserted == 0) {
                return Optional.<Long>empty();
            }
            long total = tx.get("""
                            UPDATE nodes SET views_count = views_count + 1
                            WHERE id = ? AND deleted_at IS NULL RETURNING views_count""", id)
                    .map(row -> Rows.longValue(row, "views_count"))
                    .orElseThrow(() -> ApiException.notFound("node"));
            tx.dml("""
                    INSERT INTO node_view_buckets (node_id, day, views) VALUES (?, ?::date, 1)
                    ON CONFLICT (node_id, day) DO UPDATE SET views = node_view_buckets.views + 1""",
                    id, day.toString());
            return Optional.of(total);
        });
    }

    /** The last {@code days} UTC days including today, newest first, with zero for days without views. */
    public ViewHistory viewHistory(Caller caller, NodeRef ref, int days) {
        long id = nodes.read(caller, ref).header().id();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<String, Long> byDay = new HashMap<>();
        try (var rows = database.execute().query("""
                SELECT day::text AS day, views FROM node_view_buckets
                WHERE node_id = ? AND day BETWEEN ?::date AND ?::date""", id, first.toString(), today.toString())) {
            rows.forEach(row -> byDay.put(Rows.string(row, "day"), Rows.longValue(row, "views")));
        }
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
        record Outcome(boolean changed, long count) {
        }
        Outcome outcome = database.inTransaction(tx -> {
            long changed = liked
                    ? tx.dml("INSERT INTO node_likes (node_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, caller.userId())
                    : tx.dml("DELETE FROM node_likes WHERE node_id = ? AND user_id = ?", id, caller.userId());
            String sql = changed == 0
                    ? "SELECT likes_count FROM nodes WHERE id = ? AND deleted_at IS NULL"
                    : "UPDATE nodes SET likes_count = likes_count " + (liked ? "+" : "-") + " 1"
                      + " WHERE id = ? AND deleted_at IS NULL RETURNING likes_count";
            long count = tx.get(sql, id).map(row -> Rows.longValue(row, "likes_count"))
                    .orElseThrow(() -> ApiException.notFound("node"));
            return new Outcome(changed > 0, count);
        });
        if (outcome.changed()) {
            cache.invalidate(id, header.slug());
        }
        return new LikeResult(id, liked, outcome.count());
    }
}
