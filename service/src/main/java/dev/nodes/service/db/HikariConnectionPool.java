package dev.nodes.service.db;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;

/** Hands Hikari's connections to Helidon's JDBC client (Helidon's own Hikari module is not served here). */
final class HikariConnectionPool implements JdbcConnectionPool {
    private final HikariDataSource dataSource;

    HikariConnectionPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("no database connection: " + e.getMessage(), e);
        }
    }

    @Override
    public String dbType() {
        return "postgresql";
    }
}
