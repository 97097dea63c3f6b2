package dev.nodes.service.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReceiptRetentionTest {
    private DatabaseCoordinates coordinates;
    private Database database;
    private Sql sql;

    @BeforeEach
    void createDatabase() {
        coordinates = TestDatabases.create();
        database = Database.connect(coordinates, 4);
        sql = new Sql(coordinates);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
        TestDatabases.drop(coordinates);
    }

    /** Direct sends: one content row per receipt, created {@code ageDays} ago plus {@code i} seconds. */
    private void directSends(UUID user, String placement, int count, int ageDays, String titlePrefix) {
        sql.execute("""
                WITH content AS (
                    INSERT INTO notifications (title, message, placement, created_at)
                    SELECT ? || g, 'm', ?, now() - make_interval(days => ?) + make_interval(secs => g)
                    FROM generate_series(1, ?) g
                    RETURNING id, title, created_at)
                INSERT INTO notification_receipts (notification_id, user_id, placement, created_at)
                SELECT id, ?, ?, created_at FROM content""", titlePrefix, placement, ageDays, count, user, placement);
    }

    @Test
    void prunesByAgeAndBeyondThePerUserCapInBoundedBatchesAndRemovesOrphanedContent() {
        UUID heavy = UUID.randomUUID();
        UUID light = UUID.randomUUID();
        directSends(heavy, "inbox", 30, 100, "old-");
        directSends(heavy, "inbox", 15, 1, "new-");
        directSends(heavy, "banner", 3, 1, "banner-");
        directSends(light, "inbox", 5, 1, "light-");
        // a broadcast's content is shared and stays with its broadcast even when its receipts go
        sql.execute("""
                WITH b AS (INSERT INTO broadcasts (title, message, audience, status, created_by)
                           VALUES ('b', 'm', '{"type":"all_users"}', 'sent', gen_random_uuid()) RETURNING id),
                     n AS (INSERT INTO notifications (title, message, broadcast_id, created_at)
                           SELECT 'b', 'm', id, now() - interval '200 days' FROM b RETURNING id, broadcast_id),
                     u AS (UPDATE broadcasts SET notification_id = n.id FROM n WHERE broadcasts.id = n.broadcast_id)
                INSERT INTO notification_receipts (notification_id, user_id, placement, event_id, created_at)
                SELECT n.id, ?, 'inbox', 'broadcast:x:' || ?::text, now() - interval '200 days' FROM n""", light, light);

        ReceiptRetention.Pruned pruned = new ReceiptRetention(database, 90, 10, 4).pruneOnce();

        assertEquals(31, pruned.expired(), "30 old direct sends and the old broadcast receipt");
        assertEquals(5, pruned.overCap(), "the heavy inbox keeps its newest 10 of 15");
        assertEquals(35, pruned.contents(), "direct-send content goes with its receipts, broadcast content stays");
        List<String> kept = sql.rows("""
                SELECT n.title FROM notification_receipts r JOIN notifications n ON n.id = r.notification_id
                WHERE r.user_id = ? AND r.placement = 'inbox' ORDER BY r.created_at DESC""", heavy).stream()
                .map(row -> row.getFirst().toString())
                .toList();
        assertEquals(
                List.of("new-15", "new-14", "new-13", "new-12", "new-11", "new-10", "new-9", "new-8", "new-7", "new-6"),
                kept);
        assertEquals(
                3,
                sql.longValue(
                        "SELECT count(*) FROM notification_receipts WHERE user_id = ? AND placement = 'banner'",
                        heavy));
        assertEquals(5, sql.longValue("SELECT count(*) FROM notification_receipts WHERE user_id = ?", light));
        assertEquals(1, sql.longValue("SELECT count(*) FROM notifications WHERE broadcast_id IS NOT NULL"));
        assertEquals(sql.count("notification_receipts") + 1, sql.count("notifications"));

        ReceiptRetention.Pruned again = new ReceiptRetention(database, 90, 10, 4).pruneOnce();
        assertEquals(new ReceiptRetention.Pruned(0, 0, 0), again);
    }
}
