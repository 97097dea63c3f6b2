package dev.nodes.service.notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.http.Json;
import io.helidon.dbclient.DbRow;

/** Reads the column types this domain uses from a Helidon {@link DbRow}; JSON columns are selected as text. */
public final class RowValues {
    private RowValues() {
    }

    public static UUID uuid(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return value == null ? null : value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    public static String string(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return value == null ? null : value.toString();
    }

    public static long number(DbRow row, String column) {
        return ((Number) row.column(column).asOptional().orElse(null)).longValue();
    }

    public static boolean bool(DbRow row, String column) {
        return (Boolean) row.column(column).asOptional().orElse(null);
    }

    public static Instant instant(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return switch (value) {
            case null -> null;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            case Instant instant -> instant;
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass().getName());
        };
    }

    /** A jsonb column selected as {@code column::text}. */
    public static JsonNode json(DbRow row, String column) {
        String text = string(row, column);
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
