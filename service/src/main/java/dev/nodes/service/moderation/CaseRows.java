package dev.nodes.service.moderation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.nodes.service.http.Json;
import io.helidon.dbclient.DbRow;

/** Column readers for this package's rows; JSON and array columns are selected as JSON text. */
final class CaseRows {
    private CaseRows() {
    }

    static UUID uuid(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return value == null ? null : value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    static String string(DbRow row, String column) {
        Object value = row.column(column).asOptional().orElse(null);
        return value == null ? null : value.toString();
    }

    static Instant instant(DbRow row, String column) {
        return switch (row.column(column).asOptional().orElse(null)) {
            case null -> null;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            case Object other -> throw new IllegalStateException("not a timestamp: " + other.getClass().getName());
        };
    }

    /** A jsonb value selected as text; SQL NULL is JSON null. */
    static JsonNode json(DbRow row, String column) {
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

    static List<String> stringList(DbRow row, String column) {
        List<String> values = new ArrayList<>();
        json(row, column).forEach(node -> values.add(node.asText()));
        return values;
    }
}
