package dev.nodes.service.nodes.engagement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.Rows;
import dev.nodes.service.http.Json;
import io.helidon.dbclient.DbTransaction;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL of views: counting many viewers' views of many nodes in one transaction, reading counters and day buckets,
 * dropping the per-viewer detail after its retention.
 */
final class ViewRepository {
    private final Database database;

    ViewRepository(Database database) {
        this.database = database;
    }

    /** One view to count: a viewer's view of a node on a UTC day. */
    record View(long nodeId, UUID viewer, LocalDate day, String fingerprint) {
        Key key() {
            return new Key(nodeId, viewer, day);
        }
    }

    /** What {@code node_views}' primary key is made of: one count per key. */
    record Key(long nodeId, UUID viewer, LocalDate day) {}

    /**
     * Inserts the views PostgreSQL does not have yet and moves their nodes' counters and day buckets by as many;
     * returns, for each view that was new, its node's counter after this batch. Views of deleted nodes and views
     * already recorded are left out. The nodes' rows are locked first in id order, so concurrent batches (other
     * replicas) queue behind each other instead of deadlocking.
     */
    Map<Key, Long> countNew(DbTransaction tx, List<View> views) {
        String batch = json(views);
        try (var locked = tx.query("""
                SELECT id FROM nodes
                WHERE id IN (SELECT node_id FROM jsonb_to_recordset(?::jsonb) AS v(node_id bigint))
                ORDER BY id FOR UPDATE""", batch)) {
            locked.count();
        }
        Map<Key, Long> counted = new HashMap<>();
        try (var rows = tx.query("""
                WITH input AS (
                    SELECT v.* FROM jsonb_to_recordset(?::jsonb)
                        AS v(node_id bigint, day date, viewer_id uuid, fingerprint text)
                    JOIN nodes n ON n.id = v.node_id AND n.deleted_at IS NULL
                ), counted AS (
                    INSERT INTO node_views (node_id, day, viewer_id, fingerprint)
                    SELECT node_id, day, viewer_id, fingerprint FROM input
                    ON CONFLICT (node_id, day, viewer_id) DO NOTHING
                    RETURNING node_id, day, viewer_id
                ), per_node AS (
                    SELECT node_id, count(*) AS views FROM counted GROUP BY node_id
                ), totals AS (
                    UPDATE nodes SET views_count = nodes.views_count + per_node.views
                    FROM per_node WHERE nodes.id = per_node.node_id
                    RETURNING nodes.id, nodes.views_count
                ), buckets AS (
                    INSERT INTO node_view_buckets (node_id, day, views)
                    SELECT node_id, day, count(*) FROM counted GROUP BY node_id, day
                    ON CONFLICT (node_id, day) DO UPDATE SET views = node_view_buckets.views + excluded.views
                )
                SELECT c.node_id, c.viewer_id::text AS viewer_id, c.day::text AS day, t.views_count
                FROM counted c JOIN totals t ON t.id = c.node_id""", batch)) {
            rows.forEach(row -> counted.put(
                    new Key(
                            Rows.longValue(row, "node_id"),
                            UUID.fromString(Rows.string(row, "viewer_id")),
                            LocalDate.parse(Rows.string(row, "day"))),
                    Rows.longValue(row, "views_count")));
        }
        return counted;
    }

    /** The node's views counter; empty when the node does not exist or is deleted. */
    Optional<Long> viewsCount(long nodeId) {
        return database.execute()
                .get("SELECT views_count FROM nodes WHERE id = ? AND deleted_at IS NULL", nodeId)
                .map(row -> Rows.longValue(row, "views_count"));
    }

    /** The node's views per UTC day ({@code yyyy-mm-dd}) from {@code first} to {@code last}; days without views absent. */
    Map<String, Long> viewsByDay(long nodeId, LocalDate first, LocalDate last) {
        Map<String, Long> byDay = new HashMap<>();
        try (var rows = database.execute().query("""
                SELECT day::text AS day, views FROM node_view_buckets
                WHERE node_id = ? AND day BETWEEN ?::date AND ?::date""", nodeId, first.toString(), last.toString())) {
            rows.forEach(row -> byDay.put(Rows.string(row, "day"), Rows.longValue(row, "views")));
        }
        return byDay;
    }

    /** Deletes at most {@code limit} per-viewer rows older than {@code retentionDays}; how many went. */
    long deleteDetailOlderThan(int retentionDays, int limit) {
        return database.execute().dml("""
                DELETE FROM node_views WHERE ctid IN (
                    SELECT ctid FROM node_views WHERE day < current_date - ? LIMIT ?)""", retentionDays, limit);
    }

    private static String json(List<View> views) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (View view : views) {
            ObjectNode item = array.addObject();
            item.put("node_id", view.nodeId());
            item.put("day", view.day().toString());
            item.put("viewer_id", view.viewer().toString());
            item.put("fingerprint", view.fingerprint());
        }
        return array.toString();
    }
}
