package dev.nodes.service.metrics;

import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import dev.nodes.service.db.Database;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The pool as Hikari sees it: connections by state at scrape time, and, fed by Hikari as they happen, how long
 * requests waited for a connection, how long they held it, how long opening one took, and the waits that ran out.
 * Together they tell a busy pool (long holds) from a cold one (slow opens) from a dead database (refusals).
 */
public final class DbPoolMetrics implements MetricsTrackerFactory {
    private static final double[] BOUNDS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private final PrometheusRegistry registry;
    private final Histogram acquire;
    private final Histogram usage;
    private final Histogram creation;
    private final Counter timeouts;

    public DbPoolMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        this.acquire = histogram("db_pool_acquire", "Time a caller waited for a pooled connection");
        this.usage = histogram("db_pool_usage", "Time a connection was held before it went back to the pool");
        this.creation = histogram("db_pool_connection_create", "Time to open a new connection to PostgreSQL");
        this.timeouts = Counter.builder()
                .name("db_pool_timeouts")
                .help("Waits for a pooled connection that ran out (answered 503 overloaded or unavailable)")
                .register(registry);
    }

    private Histogram histogram(String name, String help) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(BOUNDS)
                .register(registry);
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        return new IMetricsTracker() {
            @Override
            public void recordConnectionCreatedMillis(long millis) {
                creation.observe(millis / 1e3);
            }

            @Override
            public void recordConnectionAcquiredNanos(long nanos) {
                acquire.observe(nanos / 1e9);
            }

            @Override
            public void recordConnectionUsageMillis(long millis) {
                usage.observe(millis / 1e3);
            }

            @Override
            public void recordConnectionTimeout() {
                timeouts.inc();
            }
        };
    }

    /** The gauges read at scrape time, and the requests refused during an outage. */
    public void watch(Database database) {
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
                .help(
                        "Requests refused at once, without waiting for a connection, while PostgreSQL was known to be down")
                .callback(callback -> callback.call(database.refusedWhileDown()))
                .register(registry);
    }
}
