package dev.nodes.service.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Hands Hikari's connections to Helidon's JDBC client (Helidon's own Hikari module is not served here), through
 * the {@link OutageGate}: while PostgreSQL is known to be down, a request is refused at once.
 */
final class HikariConnectionPool implements JdbcConnectionPool {
    private final HikariDataSource dataSource;
    private final OutageGate gate;

    HikariConnectionPool(HikariDataSource dataSource, OutageGate gate) {
        this.dataSource = dataSource;
        this.gate = gate;
    }

    @Override
    public Connection connection() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        // an idle connection means the pool reached PostgreSQL again: worth trying
        if ((pool == null || pool.getIdleConnections() == 0) && gate.refuse()) {
            SQLTransientConnectionException down = new SQLTransientConnectionException(
                    "PostgreSQL is known to be unreachable; not waiting for a connection", "08001");
            throw new DbClientException("no database connection: " + down.getMessage(), down);
        }
        try {
            Connection connection = dataSource.getConnection();
            gate.succeeded();
            return connection;
        } catch (SQLException e) {
            gate.failed(e);
            throw new DbClientException("no database connection: " + e.getMessage(), e);
        }
    }

    @Override
    public String dbType() {
        return "postgresql";
    }
}
