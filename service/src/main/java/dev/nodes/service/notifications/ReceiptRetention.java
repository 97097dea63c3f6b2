package dev.nodes.service.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.nodes.service.db.Database;
import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbRow;

/**
 * Prunes receipts older than the retention and beyond the per-user cap (kept per placement: the newest N of a
 * user's inbox and the newest N of their banners), in bounded batches of short transactions so pruning never
 * holds many locks or one long transaction. Direct-send content left without receipts goes with them;
 * a broadcast's content stays with its broadcast. Several replicas may prune at once: deletes are idempotent.
 */
public final class ReceiptRetention {
    /** Bounds one run, so a huge backlog is worked off over several runs instead of one long one. */
    private static final int MAX_BATCHES_PER_RUN = 200;
    private static final int MAX_USERS_PER_RUN = 1000;

    private final Database database;
    private final int retentionDays;
    private final int maxPerUser;
    private final int batchSize;

    public ReceiptRetention(Database database, int retentionDays, int maxPerUser, int batchSize) {
        this.database = database;
        this.retentionDays = retentionDays;
        this.maxPerUser = maxPerUser;
        this.batchSize = batchSize;
    }

    /** What one run removed. */
    public record Pruned(long expired, long overCap, long contents) {
    }

    public Pruned pruneOnce() {
        long[] contents = {0};
        long expired = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            long deleted = deleteBatch("""
                    SELECT id FROM notification_receipts
                    WHERE created_at < now() - make_interval(days => ?)
                    LIMIT ?""", contents, retentionDays, batchSize);
            expired += deleted;
            if (deleted < batchSize) {
                break;
            }
        }
        long overCap = 0;
        int batches = 0;
        for (DbRow owner : usersOverCap()) {
            UUID userId = Rows.uuid(owner, "user_id");
            String placement = Rows.string(owner, "placement");
            while (batches++ < MAX_BATCHES_PER_RUN) {
                // the newest maxPerUser stay; served by the (user_id, placement, created_at DESC, id DESC) index
                long deleted = deleteBatch("""
                        SELECT id FROM notification_receipts
                        WHERE user_id = ? AND placement = ?
                        ORDER BY created_at DESC, id DESC
                        OFFSET ? LIMIT ?""", contents, userId, placement, maxPerUser, batchSize);
                overCap += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
        }
        return new Pruned(expired, overCap, contents[0]);
    }

    private List<DbRow> usersOverCap() {
        return database.execute().query("""
                SELECT user_id, placement FROM notification_receipts
                GROUP BY user_id, placement
                HAVING count(*) > ?
                LIMIT ?""", maxPerUser, MAX_USERS_PER_RUN).toList();
    }

    /** Deletes the receipts the selection names, and in the same transaction the direct-send content they orphan. */
    private long deleteBatch(String selection, long[] contents, Object... params) {
        return database.inTransaction(tx -> {
            List<String> contentIds = new ArrayList<>();
            tx.query("DELETE FROM notification_receipts WHERE id IN (" + selection + ") RETURNING notification_id",
                            params)
                    .forEach(row -> contentIds.add(Rows.string(row, "notification_id")));
            if (!contentIds.isEmpty()) {
                contents[0] += tx.dml("""
                        DELETE FROM notifications n
                        WHERE n.id = ANY (?::uuid[]) AND n.broadcast_id IS NULL
                          AND NOT EXISTS (SELECT 1 FROM notification_receipts r WHERE r.notification_id = n.id)""",
                        (Object) contentIds.stream().distinct().toArray(String[]::new));
            }
            return (long) contentIds.size();
        });
    }
}
