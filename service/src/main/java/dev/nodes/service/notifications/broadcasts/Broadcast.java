package dev.nodes.service.notifications.broadcasts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.UUID;

/** The API representation of a broadcast. */
public record Broadcast(
        UUID id,
        String title,
        String message,
        String placement,
        String priority,
        JsonNode audience,
        String status,
        Instant scheduledAt,
        Instant startedAt,
        Instant finishedAt,
        long total,
        long sent,
        long failed,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = """
            id, title, message, placement, priority, audience::text AS audience, status, scheduled_at, started_at,
            finished_at, total, sent, failed, created_by, created_at, updated_at""";

    static Broadcast from(DbRow row) {
        return new Broadcast(
                Rows.uuid(row, "id"),
                Rows.string(row, "title"),
                Rows.string(row, "message"),
                Rows.string(row, "placement"),
                Rows.string(row, "priority"),
                Rows.json(row, "audience"),
                Rows.string(row, "status"),
                Rows.instant(row, "scheduled_at"),
                Rows.instant(row, "started_at"),
                Rows.instant(row, "finished_at"),
                Rows.longValue(row, "total"),
                Rows.longValue(row, "sent"),
                Rows.longValue(row, "failed"),
                Rows.uuid(row, "created_by"),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
