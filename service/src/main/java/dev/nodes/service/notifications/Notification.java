package dev.nodes.service.notifications;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.db.RowValues;
import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.UUID;

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
        return from(RowValues.of(row));
    }

    static Notification from(RowValues row) {
        return new Notification(
                Rows.uuid(row, "id"),
                Rows.uuid(row, "user_id"),
                Rows.string(row, "title"),
                Rows.string(row, "message"),
                Rows.string(row, "placement"),
                Rows.string(row, "priority"),
                Rows.string(row, "topic"),
                Rows.string(row, "cta_url"),
                Rows.json(row, "meta"),
                Rows.string(row, "event_id"),
                Rows.bool(row, "is_read"),
                Rows.instant(row, "read_at"),
                Rows.instant(row, "created_at"));
    }
}
