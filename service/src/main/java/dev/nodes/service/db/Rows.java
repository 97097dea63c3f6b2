package dev.nodes.service.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.nodes.service.http.Json;
import io.helidon.dbclient.DbRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads PostgreSQL column values from Helidon's {@link DbRow} as the Java types the domain uses. */
public final class Rows {
    private Rows() {}

    /** The column's value, or null for SQL NULL (Helidon's {@code get()} throws on NULL). */
    public static Object raw(DbRow row, String column) {
        return RowValues.of(row).get(column);
    }

    public static Object raw(RowValues row, String column) {
        return row.get(column);
    }

    public static long longValue(RowValues row, String column) {
        return ((Number) raw(row, column)).longValue();
    }

    public static int intValue(RowValues row, String column) {
        return ((Number) raw(row, column)).intValue();
    }

    public static String string(RowValues row, String column) {
        Object value = raw(row, column);
        return value == null ? null : value.toString();
    }

    public static boolean bool(RowValues row, String column) {
        return (Boolean) raw(row, column);
    }

    public static UUID uuid(RowValues row, String column) {
        Object value = raw(row, column);
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    public static Instant instant(RowValues row, String column) {
        Object value = raw(row, column);
        return switch (value) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    public static List<String> strings(RowValues row, String column) {
        Object value = raw(row, column);
        if (value == null) {
            return List.of();
        }
        try {
            Object array = value instanceof Array a ? a.getArray() : value;
            return List.of((String[]) array);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read array column " + column, e);
        }
    }

    /** A json/jsonb value selected as text ({@code column::text}); SQL NULL is JSON null. */
    public static JsonNode json(RowValues row, String column) {
        String text = string(row, column);
        if (text == null) {
            return NullNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of strings selected as text (for example {@code to_json(tags)::text}). */
    public static List<String> jsonStrings(RowValues row, String column) {
        List<String> values = new ArrayList<>();
        json(row, column).forEach(node -> values.add(node.asText()));
        return values;
    }

    public static long longValue(DbRow row, String column) {
        return longValue(RowValues.of(row), column);
    }

    public static int intValue(DbRow row, String column) {
        return intValue(RowValues.of(row), column);
    }

    public static String string(DbRow row, String column) {
        return string(RowValues.of(row), column);
    }

    public static boolean bool(DbRow row, String column) {
        return bool(RowValues.of(row), column);
    }

    public static UUID uuid(DbRow row, String column) {
        return uuid(RowValues.of(row), column);
    }

    public static Instant instant(DbRow row, String column) {
        return instant(RowValues.of(row), column);
    }

    public static List<String> strings(DbRow row, String column) {
        return strings(RowValues.of(row), column);
    }

    public static JsonNode json(DbRow row, String column) {
        return json(RowValues.of(row), column);
    }

    public static List<String> jsonStrings(DbRow row, String column) {
        return jsonStrings(RowValues.of(row), column);
    }
}
