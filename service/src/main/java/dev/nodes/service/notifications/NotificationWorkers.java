package dev.nodes.service.notifications;

import dev.nodes.service.config.AppConfig.NotificationSettings;
import dev.nodes.service.db.Database;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery;
import dev.nodes.service.notifications.broadcasts.BroadcastWorker;
import dev.nodes.service.workers.PeriodicTask;

/** The background work of notifications in this process: the broadcast worker and receipt retention. */
public final class NotificationWorkers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NotificationWorkers.class.getName());

    private final BroadcastWorker broadcastWorker;
    private final ReceiptRetention retention;
    private PeriodicTask pruner;

    private NotificationWorkers(Database database, NotificationSettings settings, NotificationMetrics metrics) {
        BroadcastDelivery delivery = new BroadcastDelivery(database, metrics, settings.batchSize(), settings.lease());
        this.broadcastWorker =
                new BroadcastWorker(delivery, settings.pollInterval(), settings.maxAttempts(), processName());
        this.retention =
                new ReceiptRetention(database, settings.retentionDays(), settings.maxPerUser(), settings.pruneBatch());
    }

    public static NotificationWorkers start(
            Database database, NotificationSettings settings, NotificationMetrics metrics) {
        NotificationWorkers workers = new NotificationWorkers(database, settings, metrics);
        workers.broadcastWorker.start();
        workers.pruner = PeriodicTask.start("notification-retention", settings.pruneInterval(), workers::prune);
        return workers;
    }

    private void prune() {
        ReceiptRetention.Pruned pruned = retention.pruneOnce();
        if (pruned.expired() + pruned.overCap() > 0) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "retention: {0} expired and {1} over-cap receipts removed",
                    pruned.expired(),
                    pruned.overCap());
        }
    }

    private static String processName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        return host + ":" + ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        broadcastWorker.close();
        pruner.close();
    }
}
