package dev.nodes.service.notifications;

import dev.nodes.service.db.Database;
import dev.nodes.service.notifications.broadcasts.BroadcastRepository;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The {@code notifications_*} metrics of the observability contract. */
public final class NotificationMetrics {
    private static final System.Logger LOG = System.getLogger(NotificationMetrics.class.getName());

    private final Counter broadcasts;
    private final Counter receipts;
    private final Histogram broadcastSeconds;

    public NotificationMetrics(PrometheusRegistry registry, Database database) {
        this.broadcasts = Counter.builder()
                .name("notifications_broadcasts_total")
                .help("Broadcasts that reached a final status")
                .labelNames("status")
                .register(registry);
        this.receipts = Counter.builder()
                .name("notifications_broadcast_receipts_total")
                .help("Broadcast recipients by outcome: delivered (receipt written), duplicate (it existed), failed")
                .labelNames("result")
                .register(registry);
        this.broadcastSeconds = Histogram.builder()
                .name("notifications_broadcast_seconds")
                .help("Time from the start of a broadcast's delivery to its end, takeovers included")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
                .register(registry);
        BroadcastRepository broadcasts = new BroadcastRepository(database);
        GaugeWithCallback.builder()
                .name("notifications_broadcast_lag_seconds")
                .help("Age of the oldest due broadcast not yet sent (0 when none is due)")
                .unit(Unit.SECONDS)
                .callback(callback -> callback.call(oldestDueAge(broadcasts)))
                .register(registry);
        for (String result : new String[] {"delivered", "duplicate", "failed"}) {
            receipts.labelValues(result);
        }
    }

    public void broadcastFinished(String status) {
        broadcasts.labelValues(status).inc();
    }

    public void broadcastDuration(double seconds) {
        broadcastSeconds.observe(seconds);
    }

    public void receipts(String result, long count) {
        if (count > 0) {
            receipts.labelValues(result).inc(count);
        }
    }

    /** Reads the lag at scrape time; NaN when the database is down. */
    private static double oldestDueAge(BroadcastRepository broadcasts) {
        try {
            return broadcasts.oldestDueAgeSeconds();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "broadcast lag not available: " + e.getMessage());
            return Double.NaN;
        }
    }
}
