package dev.nodes.service.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;

/** The PostgreSQL connection pool and the Helidon DbClient over it. */
public final class Database implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(3);
    /** While PostgreSQL is down, one request this often still tries for real. */
    private static final Duration PROBE_EVERY = Duration.ofMillis(500);
    private final HikariDataSource dataSource;
    private final OutageGate gate = new OutageGate(PROBE_EVERY, System::nanoTime);
    private final DbClient client;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.client = JdbcClientBuilder.create()
                .connectionPool(new HikariConnectionPool(dataSource, gate))
                .build();
    }

    public static Database connect(DatabaseCoordinates coordinates, int poolSize) {
        return connect(coordinates, poolSize, DEFAULT_WAIT);
    }

    /** @param wait how long a request waits for a pooled connection before it is refused (503) */
    public static Database connect(DatabaseCoordinates coordinates, int poolSize, Duration wait) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(coordinates.url());
        hikari.setUsername(coordinates.user());
        hikari.setPassword(coordinates.password());
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(Math.min(2, poolSize));
        hikari.setPoolName("nodes-db");
        // a bounded wait: a request is refused instead of queueing for Hikari's default 30 s
        hikari.setConnectionTimeout(wait.toMillis());
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Helidon binds UUIDs and other non-JDBC types as strings; let PostgreSQL infer their type from the column
        hikari.addDataSourceProperty("stringtype", "unspecified");
        hikari.addDataSourceProperty("ApplicationName", "nodes-service");
        return new Database(new HikariDataSource(hikari));
    }

    public DbClient client() {
        return client;
    }

    public DbExecute execute() {
        return client.execute();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public HikariPoolMXBean pool() {
        return dataSource.getHikariPoolMXBean();
    }

    /** Requests refused at once since start because PostgreSQL was known to be down. */
    public long refusedWhileDown() {
        return gate.refused();
    }

    /** True when every pooled connection is in use: a check through the pool would only wait in line. */
    public boolean poolSaturated() {
        HikariPoolMXBean pool = pool();
        return pool != null && pool.getIdleConnections() == 0 && pool.getActiveConnections() >= dataSource.getMaximumPoolSize();
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
