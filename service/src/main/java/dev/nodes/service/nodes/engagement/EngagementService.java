package dev.nodes.service.nodes.engagement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    public ViewResult registerView(Caller caller, NodeRef ref) {
        long id = nodes.read(caller, ref).header().id();
        Instant now = clock.instant();
        boolean counted = firstViews.firstViewToday(id, caller.userId(), now);
        long count;
        if (counted) {
            try {
                count = countView(id, LocalDate.ofInstant(now, ZoneOffset.UTC));
            } catch (RuntimeException e) {
                // the view was recorded as seen but not counted: take it back so the client's retry counts
                firstViews.forget(id, caller.userId(), now);
                throw e;
            }
        } else {
            count = database.execute().get("SELECT views_count FROM nodes WHERE id = ? AND deleted_at IS NULL", id)
                    .map(row -> Rows.longValue(row, "views_count"))
                    .orElseThrow(() -> ApiException.notFound("node"));
        }
        views.labelValues(String.valueOf(counted)).inc();
        return new ViewResult(id, count, counted);
    }

    /** Moves the node's counter and the day's bucket in one transaction; the new count. */
    private long countView(long id, LocalDate day) {
        return database.inTransaction(tx -> {
            long total = tx.get("""
                            UPDATE nodes SET views_count = views_count + 1
                            WHERE id = ? AND deleted_at IS NULL RETURNING views_count""", id)
                    .map(row -> Rows.longValue(row, "views_count"))
                    .orElseThrow(() -> ApiException.notFound("node"));
            tx.dml("""
                    INSERT INTO node_view_buckets (node_id, day, views) VALUES (?, ?::date, 1)
                    ON CONFLICT (node_id, day) DO UPDATE SET views = node_view_buckets.views + 1""",
                    id, day.toString());
            return total;
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
