package dev.nodes.service.testing;

import dev.nodes.service.db.DatabaseCoordinates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC for tests that look at the database behind the API: row counts before and after a request, seeding, EXPLAIN. */
public final class Sql {
    private final DatabaseCoordinates coordinates;

    public Sql(DatabaseCoordinates coordinates) {
        this.coordinates = coordinates;
    }

    public long count(String table) {
        return longValue("SELECT count(*) FROM " + table);
    }

    /** Row counts of the given tables, to compare before and after a request. */
    public Map<String, Long> counts(String... tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            counts.put(table, count(table));
        }
        return counts;
    }

    public long longValue(String sql, Object... params) {
        return ((Number) rows(sql, params).getFirst().getFirst()).longValue();
    }

    public String string(String sql, Object... params) {
        Object value = rows(sql, params).getFirst().getFirst();
        return value == null ? null : value.toString();
    }

    public int execute(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public List<List<Object>> rows(String sql, Object... params) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(coordinates.url(), coordinates.user(), coordinates.password());
    }

    private static void bind(PreparedStatement s, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}
