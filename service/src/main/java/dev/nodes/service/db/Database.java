package dev.nodes.service.db;

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
    private final HikariDataSource dataSource;
    private final DbClient client;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.client = JdbcClientBuilder.create()
                .connectionPool(new HikariConnectionPool(dataSource))
                .build();
    }

    public static Database connect(DatabaseCoordinates coordinates, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(coordinates.url());
        hikari.setUsername(coordinates.user());
        hikari.setPassword(coordinates.password());
        hikari.setMaximumPoolSize(poolSize);
        hikari.setMinimumIdle(Math.min(2, poolSize));
        hikari.setPoolName("nodes-db");
        // fail requests fast when PostgreSQL is down instead of queueing them for 30 s
        hikari.setConnectionTimeout(3_000);
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
