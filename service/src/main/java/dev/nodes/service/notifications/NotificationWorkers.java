package dev.nodes.service.notifications;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.nodes.service.config.AppConfig.NotificationSettings;
import dev.nodes.service.db.Database;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery;
import dev.nodes.service.notifications.broadcasts.BroadcastWorker;

/** The background work of notifications in this process: the broadcast worker and receipt retention. */
public final class NotificationWorkers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NotificationWorkers.class.getName());

    private final BroadcastWorker broadcastWorker;
    private final ReceiptRetention retention;
    private final Duration pruneInterval;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread pruner;

    private NotificationWorkers(Database database, NotificationSettings settings, NotificationMetrics metrics) {
        BroadcastDelivery delivery = new BroadcastDelivery(database, metrics, settings.batchSize(), settings.lease());
        this.broadcastWorker = new BroadcastWorker(delivery, settings.pollInterval(), settings.maxAttempts(),
                processName());
        this.retention = new ReceiptRetention(database, settings.retentionDays(), settings.maxPerUser(),
                settings.pruneBatch());
        this.pruneInterval = settings.pruneInterval();
        this.pruner = Thread.ofPlatform().daemon().name("notification-retention").unstarted(this::prune);
    }

    public static NotificationWorkers start(Database database, NotificationSettings settings,
                                            NotificationMetrics metrics) {
        NotificationWorkers workers = new NotificationWorkers(database, settings, metrics);
        workers.broadcastWorker.start();
        workers.pruner.start();
        return workers;
    }

    private void prune() {
        do {
            try {
                ReceiptRetention.Pruned pruned = retention.pruneOnce();
                if (pruned.expired() + pruned.overCap() > 0) {
                    LOG.log(System.Logger.Level.INFO, "retention: {0} expired and {1} over-cap receipts removed",
                            pruned.expired(), pruned.overCap());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "retention run failed: " + e.getMessage());
            }
        } while (!awaitStop(pruneInterval));
    }

    private boolean awaitStop(Duration duration) {
        try {
            return stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static String processName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        return host + ":" + ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        stopped.countDown();
        broadcastWorker.close();
        try {
            pruner.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
