package dev.nodes.service.notifications.broadcasts;

import dev.nodes.service.db.Database;
import dev.nodes.service.db.Rows;
import dev.nodes.service.http.TimeKeyset;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.Claim;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of broadcasts: the admin side, the worker's steps ({@link BroadcastDelivery} holds their rules and
 * transactions) and the lag gauge. Every admin status change is one conditional UPDATE, so it cannot race the
 * worker's claim (which takes the same row lock): a broadcast the worker has started is no longer editable.
 */
public final class BroadcastRepository {
    public static final Set<String> STATUSES = Set.of("draft", "scheduled", "sending", "sent", "failed", "cancelled");

    private final Database database;

    public BroadcastRepository(Database database) {
        this.database = database;
    }

    /** One page of the listing; {@code next} is empty on the last page. */
    public record Slice(List<Broadcast> items, Optional<TimeKeyset> next) {}

    /** How far a delivery got: the audience's type and the last recipient reached (null before the first batch). */
    record Progress(String audienceType, String cursor) {}

    /** A broadcast whose lease was renewed: its progress, its content (null before the first batch), placement. */
    record Held(Progress progress, UUID contentId, String placement) {}

    /** One batch: recipients resolved, receipts written (the others existed), the last recipient (null if none). */
    record Batch(long resolved, long delivered, String lastUser) {}

    public Broadcast create(BroadcastDraft draft, UUID createdBy) {
        return database.execute()
                .get(
                        """
                        INSERT INTO broadcasts (title, message, placement, priority, audience, status, scheduled_at,
                                                created_by)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?)
                        RETURNING""" + " " + Broadcast.COLUMNS,
                        draft.title(),
                        draft.message(),
                        draft.placement(),
                        draft.priority(),
                        draft.audienceJson(),
                        draft.scheduledAt().isPresent() ? "scheduled" : "draft",
                        utc(draft.scheduledAt()),
                        createdBy)
                .map(Broadcast::from)
                .orElseThrow();
    }

    public Optional<Broadcast> find(UUID id) {
        return database.execute()
                .get("SELECT " + Broadcast.COLUMNS + " FROM broadcasts WHERE id = ?", id)
                .map(Broadcast::from);
    }

    public Slice list(Set<String> statuses, Optional<TimeKeyset> after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + Broadcast.COLUMNS + "\nFROM broadcasts\nWHERE true\n");
        if (!statuses.isEmpty()) {
            sql.append("  AND status = ANY (?::text[])\n");
            params.add(statuses.toArray(String[]::new));
        }
        if (after.isPresent()) {
            sql.append("  AND (created_at, id) < (?, ?)\n");
            params.add(after.get().createdAt().atOffset(ZoneOffset.UTC));
            params.add(after.get().id());
        }
        sql.append("ORDER BY created_at DESC, id DESC\nLIMIT ?");
        params.add(limit + 1);
        List<Broadcast> rows = database.execute()
                .query(sql.toString(), params.toArray())
                .map(Broadcast::from)
                .toList();
        if (rows.size() <= limit) {
            return new Slice(rows, Optional.empty());
        }
        List<Broadcast> page = rows.subList(0, limit);
        return new Slice(
                page,
                Optional.of(new TimeKeyset(
                        page.getLast().createdAt(), page.getLast().id())));
    }

    /** Replaces the content and schedule of a draft or scheduled broadcast (status follows {@code scheduled_at}). */
    public Optional<Broadcast> replace(UUID id, BroadcastDraft draft) {
        return updateWhileEditable(
                """
                        UPDATE broadcasts
                        SET title = ?, message = ?, placement = ?, priority = ?, audience = ?::jsonb,
                            status = ?, scheduled_at = ?::timestamptz, updated_at = now()
                        WHERE id = ? AND status IN ('draft', 'scheduled')
                        RETURNING""" + " " + Broadcast.COLUMNS,
                draft.title(),
                draft.message(),
                draft.placement(),
                draft.priority(),
                draft.audienceJson(),
                draft.scheduledAt().isPresent() ? "scheduled" : "draft",
                utc(draft.scheduledAt()),
                id);
    }

    /** Makes a draft or scheduled broadcast due now; the worker picks it up at its next poll. */
    public Optional<Broadcast> sendNow(UUID id) {
        return updateWhileEditable("""
                UPDATE broadcasts SET status = 'scheduled', scheduled_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('draft', 'scheduled')
                RETURNING""" + " " + Broadcast.COLUMNS, id);
    }

    /** Cancels a draft or scheduled broadcast. */
    public Optional<Broadcast> cancel(UUID id) {
        return updateWhileEditable("""
                UPDATE broadcasts SET status = 'cancelled', finished_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('draft', 'scheduled')
                RETURNING""" + " " + Broadcast.COLUMNS, id);
    }

    /** The guarded update's broadcast, or empty when it was not in draft or scheduled (or does not exist). */
    private Optional<Broadcast> updateWhileEditable(String sql, Object... params) {
        return database.execute().get(sql, params).map(Broadcast::from);
    }

    /** Claims the due broadcast scheduled earliest: a scheduled one, or one whose worker's lease ran out. */
    Optional<Claim> claimDue(String owner, Duration lease) {
        return database.execute()
                .get("""
                        UPDATE broadcasts b
                        SET status = 'sending', lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                            started_at = COALESCE(b.started_at, now()), attempts = b.attempts + 1, updated_at = now()
                        WHERE b.id = (
                            SELECT id FROM broadcasts
                            WHERE status IN ('scheduled', 'sending') AND scheduled_at <= now()
                              AND (status = 'scheduled' OR lease_until IS NULL OR lease_until < now())
                            ORDER BY scheduled_at
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                        RETURNING b.id, b.attempts""", owner, seconds(lease))
                .map(row -> new Claim(Rows.uuid(row, "id"), owner, (int) Rows.longValue(row, "attempts")));
    }

    /** Renews the lease if the claim still holds it, locking the broadcast's row until {@code tx} ends. */
    Optional<Held> renewLease(DbTransaction tx, Claim claim, Duration lease) {
        return tx.get("""
                        UPDATE broadcasts SET lease_until = now() + make_interval(secs => ?), updated_at = now()
                        WHERE id = ? AND lease_owner = ? AND status = 'sending'
                        RETURNING progress_cursor, notification_id, placement, audience->>'type' AS audience_type""", seconds(lease), claim.broadcastId(), claim.owner())
                .map(row -> new Held(progress(row), Rows.uuid(row, "notification_id"), Rows.string(row, "placement")));
    }

    /** The content row every receipt of the broadcast points to, created once by the first batch. */
    UUID createContent(DbTransaction tx, UUID broadcastId) {
        return tx.get("""
                        WITH content AS (
                            INSERT INTO notifications (title, message, placement, priority, broadcast_id, created_by)
                            SELECT title, message, placement, priority, id, created_by FROM broadcasts WHERE id = ?
                            RETURNING id, broadcast_id
                        )
                        UPDATE broadcasts b SET notification_id = content.id
                        FROM content WHERE b.id = content.broadcast_id
                        RETURNING b.notification_id""", broadcastId)
                .map(row -> Rows.uuid(row, "notification_id"))
                .orElseThrow();
    }

    /**
     * Writes the receipts of the next {@code batchSize} recipients after the cursor in one statement; a recipient
     * who has the receipt already (its event_id exists) is resolved but not delivered.
     */
    Batch insertReceipts(
            DbTransaction tx, UUID broadcastId, UUID contentId, String placement, Progress progress, int batchSize) {
        return tx.get(
                        batchSql(progress.audienceType(), progress.cursor() != null, batchSize),
                        batchParams(progress.audienceType(), broadcastId, contentId, placement, progress.cursor()))
                .map(row -> new Batch(
                        Rows.longValue(row, "resolved"),
                        Rows.longValue(row, "delivered"),
                        Rows.string(row, "last_user")))
                .orElseThrow();
    }

    /** Moves the cursor past the batch and counts it; returns the seconds since the delivery started. */
    Optional<Double> recordBatch(DbTransaction tx, UUID broadcastId, Batch batch) {
        return tx.get("""
                        UPDATE broadcasts
                        SET progress_cursor = COALESCE(?::text, progress_cursor), total = total + ?,
                            sent = sent + ?, updated_at = now()
                        WHERE id = ?
                        RETURNING EXTRACT(EPOCH FROM now() - started_at)::float8 AS seconds""", batch.lastUser(), batch.resolved(), batch.resolved(), broadcastId)
                .map(row -> ((Number) row.column("seconds").get()).doubleValue());
    }

    void markSent(DbTransaction tx, UUID broadcastId) {
        tx.dml("""
                UPDATE broadcasts
                SET status = 'sent', finished_at = now(), lease_owner = NULL, lease_until = NULL,
                    last_error = NULL, updated_at = now()
                WHERE id = ?""", broadcastId);
    }

    /** The progress of the broadcast if the claim still holds it, locking its row until {@code tx} ends. */
    Optional<Progress> lockHeld(DbTransaction tx, Claim claim) {
        return tx.get("""
                SELECT progress_cursor, audience->>'type' AS audience_type FROM broadcasts
                WHERE id = ? AND lease_owner = ? AND status = 'sending'
                FOR UPDATE""", claim.broadcastId(), claim.owner()).map(BroadcastRepository::progress);
    }

    /** The recipients after the cursor: those a failed broadcast did not reach. */
    long countRemaining(DbTransaction tx, UUID broadcastId, Progress progress) {
        return tx.get(
                        remainingSql(progress.audienceType(), progress.cursor() != null),
                        recipientParams(progress.audienceType(), broadcastId, progress.cursor())
                                .toArray())
                .map(row -> Rows.longValue(row, "remaining"))
                .orElseThrow();
    }

    /** Status {@code failed}; the {@code remaining} recipients are counted as failed. */
    void markFailed(DbTransaction tx, UUID broadcastId, long remaining, String reason) {
        tx.dml("""
                UPDATE broadcasts
                SET status = 'failed', total = total + ?, failed = failed + ?, finished_at = now(),
                    lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = now()
                WHERE id = ?""", remaining, remaining, reason, broadcastId);
    }

    /**
     * Gives the lease up, keeping others off for {@code backoff}; {@code error} (when not null) is recorded, and
     * without one the claim does not count as an attempt.
     */
    void release(Claim claim, Duration backoff, String error) {
        database.execute().dml("""
                UPDATE broadcasts
                SET lease_owner = NULL, lease_until = now() + make_interval(secs => ?),
                    last_error = COALESCE(?::text, last_error),
                    attempts = attempts - CASE WHEN ?::text IS NULL THEN 1 ELSE 0 END, updated_at = now()
                WHERE id = ? AND lease_owner = ? AND status = 'sending'""", seconds(backoff), error, error, claim.broadcastId(), claim.owner());
    }

    /** Age in seconds of the oldest due broadcast not yet sent, 0 when none is due (indexed: broadcasts_due_idx). */
    public double oldestDueAgeSeconds() {
        return database.execute()
                .get("""
                        SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(scheduled_at)), 0)::float8 AS lag
                        FROM broadcasts
                        WHERE status IN ('scheduled', 'sending') AND scheduled_at <= now()""")
                .map(row -> ((Number) row.column("lag").get()).doubleValue())
                .orElse(0.0);
    }

    private static Progress progress(DbRow row) {
        return new Progress(Rows.string(row, "audience_type"), Rows.string(row, "progress_cursor"));
    }

    /** The audience in uuid order after the cursor (a keyset over users' primary key, or over the explicit list). */
    private static String recipientsSql(String audienceType, boolean afterCursor) {
        return switch (audienceType) {
            case "all_users" ->
                "SELECT id AS user_id FROM users" + (afterCursor ? " WHERE id > ?::uuid" : "") + " ORDER BY id";
            case "explicit_users" -> """
                    SELECT DISTINCT value::uuid AS user_id
                    FROM broadcasts, jsonb_array_elements_text(audience -> 'user_ids')
                    WHERE broadcasts.id = ?""" + (afterCursor ? " AND value::uuid > ?::uuid" : "") + " ORDER BY 1";
            default -> throw new IllegalStateException("unknown audience type " + audienceType);
        };
    }

    private static String batchSql(String audienceType, boolean afterCursor, int batchSize) {
        return "WITH recipients AS (\n" + recipientsSql(audienceType, afterCursor) + " LIMIT " + batchSize + """

                ), delivered AS (
                    INSERT INTO notification_receipts (notification_id, user_id, placement, event_id)
                    SELECT ?::uuid, user_id, ?::text, 'broadcast:' || ?::text || ':' || user_id::text FROM recipients
                    ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM recipients) AS resolved,
                       (SELECT count(*) FROM delivered) AS delivered,
                       (SELECT user_id::text FROM recipients ORDER BY user_id DESC LIMIT 1) AS last_user""";
    }

    private static Object[] batchParams(
            String audienceType, UUID broadcastId, UUID contentId, String placement, String cursor) {
        List<Object> params = recipientParams(audienceType, broadcastId, cursor);
        params.add(contentId);
        params.add(placement);
        params.add(broadcastId.toString());
        return params.toArray();
    }

    private static List<Object> recipientParams(String audienceType, UUID broadcastId, String cursor) {
        List<Object> params = new ArrayList<>();
        if (audienceType.equals("explicit_users")) {
            params.add(broadcastId);
        }
        if (cursor != null) {
            params.add(cursor);
        }
        return params;
    }

    private static String remainingSql(String audienceType, boolean afterCursor) {
        return "SELECT count(*) AS remaining FROM (" + recipientsSql(audienceType, afterCursor) + ") AS rest";
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static OffsetDateTime utc(Optional<Instant> instant) {
        return instant.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
    }
}
