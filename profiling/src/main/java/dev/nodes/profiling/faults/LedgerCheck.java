package dev.nodes.profiling.faults;

import dev.nodes.service.db.DatabaseCoordinates;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Holds the {@link Ledger} against PostgreSQL itself, after the run (the schema of {@code migrations/}): every
 * acknowledged create, update, counted view, like, send and broadcast must be there, and nothing twice: the
 * counters of every node equal its rows ({@code views_count} = {@code node_views} rows = the sum of its day
 * buckets, {@code likes_count} = {@code node_likes} rows), an {@code event_id} has one receipt, a broadcast
 * reached each of its users at most once, and a {@code sent} one exactly once.
 */
final class LedgerCheck {
    /** What the database showed; {@code problems} names the first few of each kind. */
    record Findings(long checked, long lost, long duplicates, List<String> problems) {}

    private static final int PROBLEMS = 30;
    private static final Set<String> FINAL = Set.of("sent", "failed", "cancelled");

    private final DatabaseCoordinates database;
    private long lost;
    private long duplicates;
    private long checked;
    private final List<String> problems = new ArrayList<>();

    LedgerCheck(DatabaseCoordinates database) {
        this.database = database;
    }

    /** Waits (up to {@code deadline}) until every acknowledged broadcast is final: the worker may still be at one. */
    static void awaitBroadcasts(DatabaseCoordinates database, Ledger ledger, Duration deadline) throws SQLException {
        long until = System.nanoTime() + deadline.toNanos();
        try (Connection c = connect(database);
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM broadcasts WHERE id = ANY (?) AND status NOT IN ('sent', 'failed', 'cancelled')")) {
            s.setArray(1, c.createArrayOf("uuid", ledger.broadcasts().keySet().toArray()));
            while (System.nanoTime() < until) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                Waits.sleep(200);
            }
        }
    }

    Findings check(Ledger ledger) throws SQLException {
        try (Connection c = connect(database)) {
            nodes(c, ledger);
            views(c, ledger);
            likes(c, ledger);
            counters(c);
            sends(c, ledger);
            broadcasts(c, ledger);
        }
        long confessed = ledger.viewsCountedTwice();
        if (confessed > 0) {
            duplicates += confessed;
            problem(confessed + " view answer(s) said counted: true for a viewer, node and day already counted");
        }
        return new Findings(checked, lost, duplicates, List.copyOf(problems));
    }

    private void nodes(Connection c, Ledger ledger) throws SQLException {
        Map<Long, Integer> versions = new HashMap<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT id, version FROM nodes WHERE id = ANY (?) AND deleted_at IS NULL")) {
            s.setArray(
                    1, c.createArrayOf("bigint", ledger.createdNodes().keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        for (Long id : ledger.createdNodes().keySet()) {
            checked++;
            if (!versions.containsKey(id)) {
                lost("created node " + id + " (" + ledger.createdNodes().get(id) + ") is not in nodes");
            }
        }
        Map<Long, Integer> current = versions(c, ledger.updatedVersions().keySet());
        ledger.updatedVersions().forEach((id, version) -> {
            checked++;
            int now = current.getOrDefault(id, 0);
            if (now < version) {
                lost("node " + id + " is at version " + now + " but an update answered version " + version);
            }
        });
    }

    private Map<Long, Integer> versions(Connection c, Set<Long> ids) throws SQLException {
        Map<Long, Integer> versions = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, version FROM nodes WHERE id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        return versions;
    }

    private void views(Connection c, Ledger ledger) throws SQLException {
        Set<Ledger.View> rows = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_id, viewer_id, day FROM node_views");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Ledger.View(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, LocalDate.class)));
            }
        }
        for (Ledger.View view : ledger.countedViews()) {
            checked++;
            // the day is the tool's at the answer: across UTC midnight the service's may be the one before
            Ledger.View dayBefore =
                    new Ledger.View(view.node(), view.viewer(), view.day().minusDays(1));
            if (!rows.contains(view) && !rows.contains(dayBefore)) {
                lost("view of node " + view.node() + " by " + view.viewer() + " on " + view.day()
                        + " was answered counted: true but has no node_views row");
            }
        }
    }

    private void likes(Connection c, Ledger ledger) throws SQLException {
        Set<Ledger.Like> rows = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT node_id, user_id FROM node_likes");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Ledger.Like(rs.getLong(1), rs.getObject(2, UUID.class)));
            }
        }
        for (Ledger.Like like : ledger.likes()) {
            checked++;
            if (!rows.contains(like)) {
                lost("like of node " + like.node() + " by " + like.user() + " was answered liked: true but has no row");
            }
        }
    }

    /** Every node's counters against its rows: more than the rows is a double count, fewer a lost one. */
    private void counters(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT n.id, n.views_count, n.likes_count,
                       (SELECT count(*) FROM node_views v WHERE v.node_id = n.id) AS view_rows,
                       (SELECT coalesce(sum(b.views), 0) FROM node_view_buckets b WHERE b.node_id = n.id) AS bucket_views,
                       (SELECT count(*) FROM node_likes l WHERE l.node_id = n.id) AS like_rows
                FROM nodes n""");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                checked++;
                compare(id, "views_count", rs.getLong(2), "node_views rows", rs.getLong(4));
                compare(id, "the day buckets' views", rs.getLong(5), "node_views rows", rs.getLong(4));
                compare(id, "likes_count", rs.getLong(3), "node_likes rows", rs.getLong(6));
            }
        }
    }

    private void compare(long node, String counter, long value, String rows, long count) {
        if (value > count) {
            duplicates += value - count;
            problem("node " + node + ": " + counter + " " + value + " > " + rows + " " + count + " (counted twice)");
        } else if (value < count) {
            lost += count - value;
            problem("node " + node + ": " + counter + " " + value + " < " + rows + " " + count + " (a count lost)");
        }
    }

    private void sends(Connection c, Ledger ledger) throws SQLException {
        Map<String, Long> receipts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT event_id, count(*) FROM notification_receipts WHERE event_id = ANY (?) GROUP BY event_id")) {
            s.setArray(1, c.createArrayOf("text", ledger.eventIds().keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    receipts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        for (String eventId : ledger.eventIds().keySet()) {
            checked++;
            long count = receipts.getOrDefault(eventId, 0L);
            if (count == 0) {
                lost("send with event_id " + eventId + " was acknowledged but has no receipt");
            } else if (count > 1) {
                duplicates += count - 1;
                problem("event_id " + eventId + " has " + count + " receipts");
            }
        }
    }

    private void broadcasts(Connection c, Ledger ledger) throws SQLException {
        Map<UUID, String> statuses = new HashMap<>();
        Map<UUID, Map<UUID, Long>> receipts = new HashMap<>();
        Array ids = c.createArrayOf("uuid", ledger.broadcasts().keySet().toArray());
        try (PreparedStatement s = c.prepareStatement("SELECT id, status FROM broadcasts WHERE id = ANY (?)")) {
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT b.id, r.user_id, count(*) FROM broadcasts b
                JOIN notification_receipts r ON r.notification_id = b.notification_id
                WHERE b.id = ANY (?) GROUP BY b.id, r.user_id""")) {
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    receipts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                            .put(rs.getObject(2, UUID.class), rs.getLong(3));
                }
            }
        }
        for (Map.Entry<UUID, List<UUID>> broadcast : ledger.broadcasts().entrySet()) {
            checked++;
            UUID id = broadcast.getKey();
            String status = statuses.get(id);
            Map<UUID, Long> delivered = receipts.getOrDefault(id, Map.of());
            if (status == null) {
                lost("broadcast " + id + " was acknowledged but is not in broadcasts");
                continue;
            }
            for (Map.Entry<UUID, Long> receipt : delivered.entrySet()) {
                if (receipt.getValue() > 1) {
                    duplicates += receipt.getValue() - 1;
                    problem("broadcast " + id + " reached " + receipt.getKey() + " " + receipt.getValue() + " times");
                }
                if (!broadcast.getValue().contains(receipt.getKey())) {
                    duplicates++;
                    problem("broadcast " + id + " reached " + receipt.getKey() + ", who is not in its audience");
                }
            }
            if (!FINAL.contains(status) || status.equals("failed")) {
                lost("broadcast " + id + " is still " + status + " (not delivered)");
            } else if (status.equals("sent")) {
                long missing = broadcast.getValue().stream()
                        .filter(u -> !delivered.containsKey(u))
                        .count();
                if (missing > 0) {
                    lost += missing - 1;
                    lost("broadcast " + id + " is sent but " + missing + " of its users have no receipt");
                }
            }
        }
    }

    private void lost(String what) {
        lost++;
        problem(what);
    }

    private void problem(String what) {
        if (problems.size() < PROBLEMS) {
            problems.add(what);
        }
    }

    private static Connection connect(DatabaseCoordinates database) throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }
}
