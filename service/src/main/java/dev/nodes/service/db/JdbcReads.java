package dev.nodes.service.db;

import io.helidon.dbclient.DbClientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads outside a transaction on plain JDBC, for the hottest statements. Helidon 4.5's JDBC client rebuilds each
 * row's column metadata (label, type name, and a {@code Class.forName} of the column's class) for every row and
 * column: 16 % of the CPU of an inbox page in a profile. Same pool and outage gate as the client, and failures
 * surface as the same {@link DbClientException}, so errors and fail-fast behave alike.
 */
public final class JdbcReads {
    private final HikariConnectionPool pool;

    JdbcReads(HikariConnectionPool pool) {
        this.pool = pool;
    }

    /** The rows of {@code sql}, each read by {@code reader} while it is current. */
    public <T> List<T> list(String sql, Function<RowValues, T> reader, Object... params) {
        try (Connection connection = pool.connection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                RowValues current = RowValues.of(rows);
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(reader.apply(current));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DbClientException("statement failed: " + e.getMessage(), e);
        }
    }

    /** The first row of {@code sql}, if any. */
    public <T> Optional<T> first(String sql, Function<RowValues, T> reader, Object... params) {
        List<T> rows = list(sql, reader, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }
}
