package dev.nodes.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import javax.sql.DataSource;

/** The PostgreSQL connection pool and the Helidon DbClient over it. */
public final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);
    /** While PostgreSQL is down, one request this often still tries for real. */
    private static final Duration PROBE_EVERY = Duration.ofMillis(500);

    private final HikariDataSource dataSource;
    private final OutageGate gate = new OutageGate(PROBE_EVERY, System::nanoTime);
    private final DbClient client;
    private final JdbcReads reads;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        HikariConnectionPool pool = new HikariConnectionPool(dataSource, gate);
        this.client = JdbcClientBuilder.create().connectionPool(pool).build();
        this.reads = new JdbcReads(pool);
    }

    public static Database connect(DatabaseCoordinates coordinates, int poolSize) {
        return connect(coordinates, poolSize, DEFAULT_WAIT);
    }

    /** @param wait how long a request waits for a pooled connection before it is refused (503) */
    public static Database connect(DatabaseCoordinates coordinates, int poolSize, Duration wait) {
        return connect(coordinates, poolSize, wait, Optional.empty());
    }

    /** @param tracker told of every wait for, use of and opening of a connection (the pool's metrics) */
    public static Database connect(
            DatabaseCoordinates coordinates, int poolSize, Duration wait, Optional<MetricsTrackerFactory> tracker) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(coordinates.url());
        hikari.setUsername(coordinates.user());
        hikari.setPassword(coordinates.password());
        hikari.setMaximumPoolSize(poolSize);
        // a fixed-size pool (Hikari's advice): a burst never waits while connections are opened one by one
        hikari.setMinimumIdle(poolSize);
        hikari.setPoolName("nodes-db");
        tracker.ifPresent(hikari::setMetricsTrackerFactory);
        // a bounded wait: a request is refused instead of queueing for Hikari's default 30 s
        hikari.setConnectionTimeout(wait.toMillis());
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Helidon binds UUIDs and other non-JDBC types as strings; let PostgreSQL infer their type from the column
        hikari.addDataSourceProperty("stringtype", "unspecified");
        hikari.addDataSourceProperty("ApplicationName", "nodes-service");
        return new Database(new HikariDataSource(hikari));
    }

    /**
     * Opens every pooled connection before traffic arrives: under load each opening (SCRAM authentication on both
     * sides) made requests wait, the moment a new pod turned Ready. When PostgreSQL does not answer, it gives up
     * after one pool wait and the pool fills later on its own.
     */
    public void fill() {
        List<Connection> opened = new ArrayList<>();
        try {
            while (opened.size() < dataSource.getMaximumPoolSize()) {
                opened.add(dataSource.getConnection());
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "database pool not filled at start: " + e.getMessage());
        } finally {
            for (Connection connection : opened) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // back to the pool or dropped by it: either way not ours any more
                }
            }
        }
    }

    public DbClient client() {
        return client;
    }

    public DbExecute execute() {
        return client.execute();
    }

    /** Plain-JDBC reads outside a transaction, for the hottest statements (see {@link JdbcReads}). */
    public JdbcReads reads() {
        return reads;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public HikariPoolMXBean pool() {
        return dataSource.getHikariPoolMXBean();
    }

    /**
     * A statement failed for want of PostgreSQL (a connection lost mid-query): from now on requests are refused at
     * once, as after a failed connection attempt, instead of the next ones each waiting out the pool's timeout
     * before anyone knows. A probe beside the pool lifts the gate at once when PostgreSQL does answer (one backend
     * killed is not an outage). The pool's idle connections are left to fail on their own, fast: evicting them made
     * the recovery wait on Hikari's back-off more often (the fault suite's PostgreSQL recovery).
     */
    public void outageSeen(Throwable e) {
        if (gate.isDown() || DatabaseFailure.of(e) != DatabaseFailure.OUTAGE) {
            return;
        }
        gate.failed(e);
        Thread.ofVirtual().name("db-outage-probe").start(() -> {
            if (answersOutsideThePool(Duration.ofSeconds(1))) {
                gate.succeeded();
            }
        });
    }

    /** Requests refused at once since start because PostgreSQL was known to be down. */
    public long refusedWhileDown() {
        return gate.refused();
    }

    /** True when every pooled connection is in use: a check through the pool would only wait in line. */
    public boolean poolSaturated() {
        HikariPoolMXBean pool = pool();
        return pool != null
                && pool.getIdleConnections() == 0
                && pool.getActiveConnections() >= dataSource.getMaximumPoolSize();
    }

    /**
     * {@code SELECT 1} through the pool. A pool that filled up while this waited says nothing about PostgreSQL: then
     * it is asked beside the pool, within {@code besideThePool}.
     */
    public boolean answers(Duration besideThePool) {
        try {
            return execute().get("SELECT 1 AS ok").isPresent();
        } catch (RuntimeException e) {
            return DatabaseFailure.of(e) == DatabaseFailure.OVERLOADED && answersOutsideThePool(besideThePool);
        }
    }

    /** {@code SELECT 1} on a connection of its own, beside the pool: whether PostgreSQL answers even when the pool is full. */
    public boolean answersOutsideThePool(Duration timeout) {
        Properties props = new Properties();
        props.setProperty("user", dataSource.getUsername());
        props.setProperty("password", dataSource.getPassword() == null ? "" : dataSource.getPassword());
        props.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        props.setProperty("socketTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        props.setProperty("ApplicationName", "nodes-service-health");
        try (Connection c = DriverManager.getConnection(dataSource.getJdbcUrl(), props);
                Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<DbTransaction, T> work) {
        DbTransaction tx = client.transaction();
        try {
            T result = work.apply(tx);
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
        dataSource.close();
    }
}
