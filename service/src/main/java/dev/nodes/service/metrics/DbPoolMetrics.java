package dev.nodes.service.metrics;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.nodes.service.db.Database;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** {@code db_pool_connections{state}} read from Hikari at scrape time, and the requests refused during an outage. */
public final class DbPoolMetrics {
    private DbPoolMetrics() {
    }

    public static void register(PrometheusRegistry registry, Database database) {
        GaugeWithCallback.builder()
                .name("db_pool_connections")
                .help("Database pool connections by state")
                .labelNames("state")
                .callback(callback -> {
                    HikariPoolMXBean pool = database.pool();
                    if (pool != null) {
                        callback.call(pool.getActiveConnections(), "active");
                        callback.call(pool.getIdleConnections(), "idle");
                        callback.call(pool.getThreadsAwaitingConnection(), "pending");
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("db_pool_refused_while_down")
                .help("Requests refused at once, without waiting for a connection, while PostgreSQL was known to be down")
                .callback(callback -> callback.call(database.refusedWhileDown()))
                .register(registry);
    }
}
