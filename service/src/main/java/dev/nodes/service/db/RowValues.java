package dev.nodes.service.db;

import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbRow;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A row's column values by name, whether Helidon's client or {@link JdbcReads} read it; SQL NULL is null. */
@FunctionalInterface
public interface RowValues {
    Object get(String column);

    static RowValues of(DbRow row) {
        // Helidon's get() throws on NULL
        return column -> row.column(column).asOptional().orElse(null);
    }

    /** The current row of {@code rows}. */
    static RowValues of(ResultSet rows) {
        return column -> {
            try {
                return rows.getObject(column);
            } catch (SQLException e) {
                throw new DbClientException("cannot read column " + column + ": " + e.getMessage(), e);
            }
        };
    }
}
