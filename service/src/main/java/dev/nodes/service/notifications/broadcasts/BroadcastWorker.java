package dev.nodes.service.notifications.broadcasts;

import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.BatchOutcome;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.Claim;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One broadcast worker: claims due broadcasts and delivers them batch by batch until none is due, then polls.
 * Any number of workers (threads or replicas) may run at once; the claim and the lease keep them apart.
 */
public final class BroadcastWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BroadcastWorker.class.getName());

    private final BroadcastDelivery delivery;
    private final Duration pollInterval;
    private final int maxAttempts;
    private final String owner;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    public BroadcastWorker(BroadcastDelivery delivery, Duration pollInterval, int maxAttempts, String ownerPrefix) {
        this.delivery = delivery;
        this.pollInterval = pollInterval;
        this.maxAttempts = maxAttempts;
        this.owner = ownerPrefix + ":" + UUID.randomUUID().toString().substring(0, 8);
        this.thread =
                Thread.ofPlatform().daemon().name("broadcast-worker-" + owner).unstarted(this::run);
    }

    public BroadcastWorker start() {
        thread.start();
        return this;
    }

    public String owner() {
        return owner;
    }

    private void run() {
        LOG.log(System.Logger.Level.INFO, "broadcast worker {0} started", owner);
        while (!isStopping()) {
            boolean worked;
            try {
                worked = runOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "broadcast worker " + owner + ": " + e.getMessage());
                worked = false;
            }
            if (!worked) {
                waitForStop(pollInterval);
            }
        }
    }

    /** Claims and delivers one due broadcast; false when none was due. */
    boolean runOnce() {
        Optional<Claim> claimed = delivery.claim(owner);
        if (claimed.isEmpty()) {
            return false;
        }
        Claim claim = claimed.get();
        if (claim.attempts() > maxAttempts) {
            delivery.fail(claim, "gave up after " + maxAttempts + " attempts");
            return true;
        }
        try {
            BatchOutcome outcome = BatchOutcome.MORE;
            while (outcome == BatchOutcome.MORE && !isStopping()) {
                outcome = delivery.deliverBatch(claim);
            }
            if (outcome == BatchOutcome.MORE) {
                delivery.release(claim, Duration.ZERO, null); // shutting down: let another worker resume now
            } else if (outcome == BatchOutcome.LEASE_LOST) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "broadcast {0}: lease lost, another worker continues",
                        claim.broadcastId());
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "broadcast " + claim.broadcastId() + " failed a batch: " + e.getMessage());
            releaseQuietly(claim, e);
        }
        return true;
    }

    private void releaseQuietly(Claim claim, RuntimeException cause) {
        try {
            delivery.release(claim, pollInterval, String.valueOf(cause.getMessage()));
        } catch (RuntimeException e) {
            // the lease runs out by itself and the broadcast is taken over then
            LOG.log(
                    System.Logger.Level.WARNING,
                    "cannot release broadcast " + claim.broadcastId() + ": " + e.getMessage());
        }
    }

    private boolean isStopping() {
        return stopped.getCount() == 0;
    }

    private void waitForStop(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    /** Stops after the current batch; a broadcast in progress is released for another worker. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
