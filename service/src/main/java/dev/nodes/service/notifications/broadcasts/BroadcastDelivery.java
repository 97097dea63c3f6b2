package dev.nodes.service.notifications.broadcasts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.nodes.service.db.Database;
import dev.nodes.service.db.Rows;
import dev.nodes.service.notifications.NotificationMetrics;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;

/**
 * The broadcast worker's steps against PostgreSQL. A worker claims a due broadcast (FOR UPDATE SKIP LOCKED) and
 * gets a lease; it then delivers batch after batch. Each batch runs in one transaction that first re-checks and
 * renews the lease while holding the broadcast's row lock, then writes the batch's receipts with one statement
 * (ON CONFLICT on the receipt's event_id does nothing) and persists the progress cursor and counts. So a worker
 * that lost its lease writes nothing more, and one that takes over resumes after the last committed batch.
 */
public final class BroadcastDelivery {
    private final Database database;
    private final NotificationMetrics metrics;
    private final int batchSize;
    private final Duration lease;

    public BroadcastDelivery(Database database, NotificationMetrics metrics, int batchSize, Duration lease) {
        this.database = database;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.lease = lease;
    }

    /** A broadcast this worker holds the lease on; {@code attempts} counts claims, this one included. */
    public record Claim(UUID broadcastId, String owner, int attempts) {
    }

    public enum BatchOutcome { MORE, FINISHED, LEASE_LOST }

    /** Claims the due broadcast scheduled earliest: a scheduled one, or one whose worker's lease ran out. */
    public Optional<Claim> claim(String owner) {
        return database.execute().get("""
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
                        RETURNING b.id, b.attempts""", owner, leaseSeconds())
                .map(row -> new Claim(Rows.uuid(row, "id"), owner, (int) Rows.longValue(row, "attempts")));
    }

    /** Delivers the next batch of recipients, or finishes the broadcast when none are left. */
    public BatchOutcome deliverBatch(Claim claim) {
        BatchResult result = database.inTransaction(tx -> {
            Optional<DbRow> held = tx.get("""
                    UPDATE broadcasts SET lease_until = now() + make_interval(secs => ?), updated_at = now()
                    WHERE id = ? AND lease_owner = ? AND status = 'sending'
                    RETURNING progress_cursor, notification_id, placement, audience->>'type' AS audience_type""",
                    leaseSeconds(), claim.broadcastId(), claim.owner());
            if (held.isEmpty()) {
                return BatchResult.LOST;
            }
            DbRow state = held.get();
            UUID contentId = Rows.uuid(state, "notification_id");
            if (contentId == null) {
                contentId = createContent(tx, claim.broadcastId());
            }
            String cursor = Rows.string(state, "progress_cursor");
            String audienceType = Rows.string(state, "audience_type");
            DbRow batch = tx.get(batchSql(audienceType, cursor != null), batchParams(audienceType,
                            claim.broadcastId(), contentId, Rows.string(state, "placement"), cursor))
                    .orElseThrow();
            long resolved = Rows.longValue(batch, "resolved");
            long delivered = Rows.longValue(batch, "delivered");
            boolean finished = resolved < batchSize;
            Optional<Double> seconds = tx.get("""
                            UPDATE broadcasts
                            SET progress_cursor = COALESCE(?::text, progress_cursor), total = total + ?,
                                sent = sent + ?, updated_at = now()
                            WHERE id = ?
                            RETURNING EXTRACT(EPOCH FROM now() - started_at)::float8 AS seconds""",
                            Rows.string(batch, "last_user"), resolved, resolved, claim.broadcastId())
                    .map(row -> ((Number) row.column("seconds").get()).doubleValue());
            if (finished) {
                tx.dml("""
                        UPDATE broadcasts
                        SET status = 'sent', finished_at = now(), lease_owner = NULL, lease_until = NULL,
                            last_error = NULL, updated_at = now()
                        WHERE id = ?""", claim.broadcastId());
            }
            return new BatchResult(true, resolved, delivered, finished, seconds.orElse(0.0));
        });
        if (!result.held()) {
            return BatchOutcome.LEASE_LOST;
        }
        // counted after the commit: a rolled-back batch delivered nothing
        metrics.receipts("delivered", result.delivered());
        metrics.receipts("duplicate", result.resolved() - result.delivered());
        if (result.finished()) {
            metrics.broadcastFinished("sent");
            metrics.broadcastDuration(result.seconds());
            return BatchOutcome.FINISHED;
        }
        return BatchOutcome.MORE;
    }

    /**
     * Gives up on a broadcast that has been claimed too often without finishing: status {@code failed}, and the
     * recipients not reached yet (those after the progress cursor) are counted as {@code failed}.
     */
    public void fail(Claim claim, String reason) {
        Optional<Long> remaining = database.inTransaction(tx -> {
            Optional<DbRow> held = tx.get("""
                    SELECT progress_cursor, audience->>'type' AS audience_type FROM broadcasts
                    WHERE id = ? AND lease_owner = ? AND status = 'sending'
                    FOR UPDATE""", claim.broadcastId(), claim.owner());
            if (held.isEmpty()) {
                return Optional.<Long>empty();
            }
            String cursor = Rows.string(held.get(), "progress_cursor");
            String audienceType = Rows.string(held.get(), "audience_type");
            long left = tx.get(remainingSql(audienceType, cursor != null),
                            recipientParams(audienceType, claim.broadcastId(), cursor).toArray())
                    .map(row -> Rows.longValue(row, "remaining"))
                    .orElseThrow();
            tx.dml("""
                    UPDATE broadcasts
                    SET status = 'failed', total = total + ?, failed = failed + ?, finished_at = now(),
                        lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = now()
                    WHERE id = ?""", left, left, reason, claim.broadcastId());
            return Optional.of(left);
        });
        remaining.ifPresent(left -> {
            metrics.receipts("failed", left);
            metrics.broadcastFinished("failed");
        });
    }

    /**
     * Hands the broadcast back: after an error with a back-off (the error is recorded and the claim counts as an
     * attempt), or at shutdown ({@code error} null) at once and without using up an attempt, so another worker
     * resumes it without waiting for the lease to run out.
     */
    public void release(Claim claim, Duration backoff, String error) {
        database.execute().dml("""
                UPDATE broadcasts
                SET lease_owner = NULL, lease_until = now() + make_interval(secs => ?),
                    last_error = COALESCE(?::text, last_error),
                    attempts = attempts - CASE WHEN ?::text IS NULL THEN 1 ELSE 0 END, updated_at = now()
                WHERE id = ? AND lease_owner = ? AND status = 'sending'""",
                backoff.toMillis() / 1000.0, error, error, claim.broadcastId(), claim.owner());
    }

    private double leaseSeconds() {
        return lease.toMillis() / 1000.0;
    }

    /** The content row every receipt of the broadcast points to, created once by the first batch. */
    private static UUID createContent(DbTransaction tx, UUID broadcastId) {
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

    /** The audience in uuid order after the cursor (a keyset over users' primary key, or over the explicit list). */
    private static String recipientsSql(String audienceType, boolean afterCursor) {
        return switch (audienceType) {
            case "all_users" -> "SELECT id AS user_id FROM users"
                    + (afterCursor ? " WHERE id > ?::uuid" : "") + " ORDER BY id";
            case "explicit_users" -> """
                    SELECT DISTINCT value::uuid AS user_id
                    FROM broadcasts, jsonb_array_elements_text(audience -> 'user_ids')
                    WHERE broadcasts.id = ?""" + (afterCursor ? " AND value::uuid > ?::uuid" : "") + " ORDER BY 1";
            default -> throw new IllegalStateException("unknown audience type " + audienceType);
        };
    }

    private String batchSql(String audienceType, boolean afterCursor) {
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

    private static Object[] batchParams(String audienceType, UUID broadcastId, UUID contentId, String placement,
                                        String cursor) {
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

    private record BatchResult(boolean held, long resolved, long delivered, boolean finished, double seconds) {
        static final BatchResult LOST = new BatchResult(false, 0, 0, false, 0);
    }
}
