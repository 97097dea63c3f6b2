package dev.nodes.service.notifications.broadcasts;

import dev.nodes.service.db.Database;
import dev.nodes.service.notifications.NotificationMetrics;
import dev.nodes.service.notifications.broadcasts.BroadcastRepository.Batch;
import dev.nodes.service.notifications.broadcasts.BroadcastRepository.Held;
import dev.nodes.service.notifications.broadcasts.BroadcastRepository.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The broadcast worker's steps against PostgreSQL. A worker claims a due broadcast (FOR UPDATE SKIP LOCKED) and
 * gets a lease; it then delivers batch after batch. Each batch runs in one transaction that first re-checks and
 * renews the lease while holding the broadcast's row lock, then writes the batch's receipts with one statement
 * (ON CONFLICT on the receipt's event_id does nothing) and persists the progress cursor and counts. So a worker
 * that lost its lease writes nothing more, and one that takes over resumes after the last committed batch.
 * The statements are {@link BroadcastRepository}'s.
 */
public final class BroadcastDelivery {
    private final Database database;
    private final BroadcastRepository repository;
    private final NotificationMetrics metrics;
    private final int batchSize;
    private final Duration lease;

    public BroadcastDelivery(Database database, NotificationMetrics metrics, int batchSize, Duration lease) {
        this.database = database;
        this.repository = new BroadcastRepository(database);
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.lease = lease;
    }

    /** A broadcast this worker holds the lease on; {@code attempts} counts claims, this one included. */
    public record Claim(UUID broadcastId, String owner, int attempts) {}

    public enum BatchOutcome {
        MORE,
        FINISHED,
        LEASE_LOST
    }

    /** Claims the due broadcast scheduled earliest: a scheduled one, or one whose worker's lease ran out. */
    public Optional<Claim> claim(String owner) {
        return repository.claimDue(owner, lease);
    }

    /** Delivers the next batch of recipients, or finishes the broadcast when none are left. */
    public BatchOutcome deliverBatch(Claim claim) {
        BatchResult result = database.inTransaction(tx -> {
            Optional<Held> held = repository.renewLease(tx, claim, lease);
            if (held.isEmpty()) {
                return BatchResult.LOST;
            }
            UUID contentId = held.get().contentId();
            if (contentId == null) {
                contentId = repository.createContent(tx, claim.broadcastId());
            }
            Batch batch = repository.insertReceipts(
                    tx,
                    claim.broadcastId(),
                    contentId,
                    held.get().placement(),
                    held.get().progress(),
                    batchSize);
            boolean finished = batch.resolved() < batchSize;
            Optional<Double> seconds = repository.recordBatch(tx, claim.broadcastId(), batch);
            if (finished) {
                repository.markSent(tx, claim.broadcastId());
            }
            return new BatchResult(true, batch.resolved(), batch.delivered(), finished, seconds.orElse(0.0));
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
            Optional<Progress> held = repository.lockHeld(tx, claim);
            if (held.isEmpty()) {
                return Optional.<Long>empty();
            }
            long left = repository.countRemaining(tx, claim.broadcastId(), held.get());
            repository.markFailed(tx, claim.broadcastId(), left, reason);
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
        repository.release(claim, backoff, error);
    }

    private record BatchResult(boolean held, long resolved, long delivered, boolean finished, double seconds) {
        static final BatchResult LOST = new BatchResult(false, 0, 0, false, 0);
    }
}
