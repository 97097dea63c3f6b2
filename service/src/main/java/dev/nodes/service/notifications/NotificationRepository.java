package dev.nodes.service.notifications;

import dev.nodes.service.db.Database;
import dev.nodes.service.db.Rows;
import dev.nodes.service.http.TimeKeyset;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of receipts and their content: the per-user inbox and banner, read state, idempotent direct sends, and
 * the retention's deletes ({@link ReceiptRetention} holds their batching and transactions).
 */
public final class NotificationRepository {
    private final Database database;

    public NotificationRepository(Database database) {
        this.database = database;
    }

    /** A user's placement (inbox or banner), the unit the per-user cap counts in. */
    record ReceiptOwner(UUID userId, String placement) {}

    /** One page of a listing; {@code next} is empty on the last page. */
    public record Slice(List<Notification> items, Optional<TimeKeyset> next) {}

    /** A direct send; {@code meta} is a JSON object as text. */
    public record NewNotification(
            UUID userId,
            String title,
            String message,
            String placement,
            String priority,
            String topic,
            String ctaUrl,
            String meta,
            String eventId,
            UUID createdBy) {}

    /** The notification a send returns, and whether this send created it (false: the event_id existed). */
    public record SendResult(Notification notification, boolean created) {}

    /** One page of the caller's notifications and the unread count of that placement, read together. */
    public record Inbox(Slice page, long unread) {}

    /**
     * The page and the unread count in one statement: one pooled connection and one round trip per listing (the
     * count was a second query). The count sits beside an empty page too, hence the LEFT JOIN.
     */
    public Inbox list(UUID userId, String placement, boolean unreadOnly, Optional<TimeKeyset> after, int limit) {
        // the page: notification_receipts_user_placement_idx (user_id, placement, created_at DESC, id DESC);
        // the count: the partial index notification_receipts_unread_idx (user_id, placement) WHERE NOT is_read
        String sql = """
                WITH unread AS (
                    SELECT count(*) AS unread FROM notification_receipts
                    WHERE user_id = ? AND placement = ? AND NOT is_read
                )
                SELECT unread.unread, page.* FROM unread
                LEFT JOIN LATERAL (
                """ + "    SELECT " + Notification.COLUMNS + """

                    FROM notification_receipts r
                    JOIN notifications n ON n.id = r.notification_id
                    WHERE r.user_id = ? AND r.placement = ?
                """
                + (unreadOnly ? "      AND NOT r.is_read\n" : "")
                + (after.isPresent() ? "      AND (r.created_at, r.id) < (?, ?)\n" : "")
                + """
                    ORDER BY r.created_at DESC, r.id DESC
                    LIMIT ?
                ) page ON true
                ORDER BY page.created_at DESC, page.id DESC""";
        List<Object> params = new ArrayList<>(List.of(userId, placement, userId, placement));
        after.ifPresent(p -> {
            params.add(utc(p.createdAt()));
            params.add(p.id());
        });
        params.add(limit + 1);
        long[] unread = {0};
        // the hottest read of the inbox: plain JDBC (see JdbcReads)
        List<Notification> rows = database
                .reads()
                .list(
                        sql,
                        row -> {
                            unread[0] = Rows.longValue(row, "unread");
                            // the one row of an empty page carries only the count
                            return Rows.uuid(row, "id") == null ? null : Notification.from(row);
                        },
                        params.toArray())
                .stream()
                .filter(Objects::nonNull)
                .toList();
        if (rows.size() <= limit) {
            return new Inbox(new Slice(rows, Optional.empty()), unread[0]);
        }
        List<Notification> page = rows.subList(0, limit);
        Notification last = page.getLast();
        return new Inbox(new Slice(page, Optional.of(new TimeKeyset(last.createdAt(), last.id()))), unread[0]);
    }

    public long unreadCount(UUID userId, String placement) {
        // served by the partial index notification_receipts_unread_idx (user_id, placement) WHERE NOT is_read
        return database.execute()
                .get("""
                        SELECT count(*) AS unread FROM notification_receipts
                        WHERE user_id = ? AND placement = ? AND NOT is_read""", userId, placement)
                .map(row -> Rows.longValue(row, "unread"))
                .orElse(0L);
    }

    /** Marks one of the user's receipts read; a second read keeps the first {@code read_at}. */
    public Optional<Notification> markRead(UUID userId, UUID receiptId) {
        database.execute().dml("""
                UPDATE notification_receipts SET is_read = true, read_at = now()
                WHERE id = ? AND user_id = ? AND NOT is_read""", receiptId, userId);
        return find(userId, receiptId);
    }

    /** Marks every unread receipt of the user read, in one placement or (empty) in all of them. */
    public long markAllRead(UUID userId, Optional<String> placement) {
        if (placement.isPresent()) {
            return database.execute().dml("""
                    UPDATE notification_receipts SET is_read = true, read_at = now()
                    WHERE user_id = ? AND placement = ? AND NOT is_read""", userId, placement.get());
        }
        return database.execute().dml("""
                UPDATE notification_receipts SET is_read = true, read_at = now()
                WHERE user_id = ? AND NOT is_read""", userId);
    }

    public Optional<Notification> find(UUID userId, UUID receiptId) {
        return database.execute()
                .get("SELECT " + Notification.COLUMNS + """

                FROM notification_receipts r
                JOIN notifications n ON n.id = r.notification_id
                WHERE r.id = ? AND r.user_id = ?""", receiptId, userId)
                .map(Notification::from);
    }

    /**
     * Inserts one notification; its receipt's id, or empty when its {@code event_id} was sent before. Idempotent under
     * concurrency: the receipt is inserted first with ON CONFLICT DO NOTHING, and the content row only when that
     * insert produced a row (both in one statement; the receipt's foreign key is checked at the end of the statement,
     * when the content exists). A conflicting insert therefore leaves no orphan content behind; it waits for the
     * winner to commit (the unique index makes it), so the winner's notification can be read back at once.
     */
    Optional<UUID> insert(NewNotification n) {
        UUID contentId = UUID.randomUUID();
        Optional<UUID> inserted = database.execute()
                .get(
                        """
                        WITH receipt AS (
                            INSERT INTO notification_receipts (notification_id, user_id, placement, event_id)
                            VALUES (?::uuid, ?::uuid, ?::text, ?::text)
                            ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING
                            RETURNING id, notification_id
                        ), content AS (
                            INSERT INTO notifications (id, title, message, placement, priority, topic, cta_url, meta,
                                                       created_by)
                            SELECT notification_id, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::jsonb,
                                   ?::uuid
                            FROM receipt
                            RETURNING id
                        )
                        SELECT id FROM receipt""",
                        contentId,
                        n.userId(),
                        n.placement(),
                        n.eventId(),
                        n.title(),
                        n.message(),
                        n.placement(),
                        n.priority(),
                        n.topic(),
                        n.ctaUrl(),
                        n.meta(),
                        n.createdBy())
                .map(row -> Rows.uuid(row, "id"));
        return inserted;
    }

    Optional<Notification> findById(UUID receiptId) {
        return database.execute()
                .get("SELECT " + Notification.COLUMNS + """

                FROM notification_receipts r
                JOIN notifications n ON n.id = r.notification_id
                WHERE r.id = ?""", receiptId)
                .map(Notification::from);
    }

    Optional<Notification> findByEventId(String eventId) {
        return database.execute()
                .get("SELECT " + Notification.COLUMNS + """

                FROM notification_receipts r
                JOIN notifications n ON n.id = r.notification_id
                WHERE r.event_id = ?""", eventId)
                .map(Notification::from);
    }

    /** Up to {@code limit} users' placements holding more than {@code maxPerUser} receipts. */
    List<ReceiptOwner> ownersOverCap(int maxPerUser, int limit) {
        return database.execute()
                .query("""
                SELECT user_id, placement FROM notification_receipts
                GROUP BY user_id, placement
                HAVING count(*) > ?
                LIMIT ?""", maxPerUser, limit)
                .map(row -> new ReceiptOwner(Rows.uuid(row, "user_id"), Rows.string(row, "placement")))
                .toList();
    }

    /** Deletes up to {@code limit} receipts older than the retention; returns their content ids, one per receipt. */
    List<String> deleteExpiredReceipts(DbTransaction tx, int retentionDays, int limit) {
        return deleteReceipts(tx, """
                SELECT id FROM notification_receipts
                WHERE created_at < now() - make_interval(days => ?)
                LIMIT ?""", retentionDays, limit);
    }

    /**
     * Deletes up to {@code limit} of the owner's receipts beyond its newest {@code keep}; returns their content ids,
     * one per receipt.
     */
    List<String> deleteReceiptsOverCap(DbTransaction tx, ReceiptOwner owner, int keep, int limit) {
        // served by the (user_id, placement, created_at DESC, id DESC) index
        return deleteReceipts(tx, """
                SELECT id FROM notification_receipts
                WHERE user_id = ? AND placement = ?
                ORDER BY created_at DESC, id DESC
                OFFSET ? LIMIT ?""", owner.userId(), owner.placement(), keep, limit);
    }

    /** Deletes the direct-send content of these ids that no receipt points to any more; a broadcast's stays. */
    long deleteOrphanedContent(DbTransaction tx, List<String> contentIds) {
        return tx.dml("""
                DELETE FROM notifications n
                WHERE n.id = ANY (?::uuid[]) AND n.broadcast_id IS NULL
                  AND NOT EXISTS (SELECT 1 FROM notification_receipts r WHERE r.notification_id = n.id)""", (Object) contentIds.stream().distinct().toArray(String[]::new));
    }

    private static List<String> deleteReceipts(DbTransaction tx, String selection, Object... params) {
        List<String> contentIds = new ArrayList<>();
        tx.query("DELETE FROM notification_receipts WHERE id IN (" + selection + ") RETURNING notification_id", params)
                .forEach(row -> contentIds.add(Rows.string(row, "notification_id")));
        return contentIds;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
