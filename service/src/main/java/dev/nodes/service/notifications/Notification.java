package dev.nodes.service.notifications;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.dbclient.DbRow;

/** The API representation: a receipt (id, read state) joined with its notification content. */
public record Notification(
        UUID id,
        UUID userId,
        String title,
        String message,
        String placement,
        String priority,
        String topic,
        String ctaUrl,
        JsonNode meta,
        String eventId,
        @JsonProperty("is_read") boolean isRead,
        Instant readAt,
        Instant createdAt) {

    /** The select list every query of this representation uses (receipt {@code r}, content {@code n}). */
    static final String COLUMNS = """
            r.id, r.user_id, n.title, n.message, r.placement, n.priority, n.topic, n.cta_url,
            n.meta::text AS meta, r.event_id, r.is_read, r.read_at, r.created_at""";

    static Notification from(DbRow row) {
        return new Notification(
                RowValues.uuid(row, "id"),
                RowValues.uuid(row, "user_id"),
                RowValues.string(row, "title"),
                RowValues.string(row, "message"),
                RowValues.string(row, "placement"),
                RowValues.string(row, "priority"),
                RowValues.string(row, "topic"),
                RowValues.string(row, "cta_url"),
                RowValues.json(row, "meta"),
                RowValues.string(row, "event_id"),
                RowValues.bool(row, "is_read"),
                RowValues.instant(row, "read_at"),
                RowValues.instant(row, "created_at"));
    }
}
