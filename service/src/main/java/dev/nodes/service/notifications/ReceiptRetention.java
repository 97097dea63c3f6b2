package dev.nodes.service.notifications;

import dev.nodes.service.db.Database;
import dev.nodes.service.notifications.NotificationRepository.ReceiptOwner;
import io.helidon.dbclient.DbTransaction;
import java.util.List;
import java.util.function.Function;

/**
 * Prunes receipts older than the retention and beyond the per-user cap (kept per placement: the newest N of a
 * user's inbox and the newest N of their banners), in bounded batches of short transactions so pruning never
 * holds many locks or one long transaction. Direct-send content left without receipts goes with them;
 * a broadcast's content stays with its broadcast. Several replicas may prune at once: deletes are idempotent.
 * The statements are {@link NotificationRepository}'s.
 */
public final class ReceiptRetention {
    /** Bounds one run, so a huge backlog is worked off over several runs instead of one long one. */
    private static final int MAX_BATCHES_PER_RUN = 200;

    private static final int MAX_USERS_PER_RUN = 1000;

    private final Database database;
    private final NotificationRepository repository;
    private final int retentionDays;
    private final int maxPerUser;
    private final int batchSize;

    public ReceiptRetention(Database database, int retentionDays, int maxPerUser, int batchSize) {
        this.database = database;
        this.repository = new NotificationRepository(database);
        this.retentionDays = retentionDays;
        this.maxPerUser = maxPerUser;
        this.batchSize = batchSize;
    }

    /** What one run removed. */
    public record Pruned(long expired, long overCap, long contents) {}

    public Pruned pruneOnce() {
        long[] contents = {0};
        long expired = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            long deleted = deleteBatch(tx -> repository.deleteExpiredReceipts(tx, retentionDays, batchSize), contents);
            expired += deleted;
            if (deleted < batchSize) {
                break;
            }
        }
        long overCap = 0;
        int batches = 0;
        for (ReceiptOwner owner : repository.ownersOverCap(maxPerUser, MAX_USERS_PER_RUN)) {
            while (batches++ < MAX_BATCHES_PER_RUN) {
                // the newest maxPerUser stay
                long deleted =
                        deleteBatch(tx -> repository.deleteReceiptsOverCap(tx, owner, maxPerUser, batchSize), contents);
                overCap += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
        }
        return new Pruned(expired, overCap, contents[0]);
    }

    /** Deletes one batch of receipts, and in the same transaction the direct-send content they orphan. */
    private long deleteBatch(Function<DbTransaction, List<String>> receipts, long[] contents) {
        return database.inTransaction(tx -> {
            List<String> contentIds = receipts.apply(tx);
            if (!contentIds.isEmpty()) {
                contents[0] += repository.deleteOrphanedContent(tx, contentIds);
            }
            return (long) contentIds.size();
        });
    }
}
