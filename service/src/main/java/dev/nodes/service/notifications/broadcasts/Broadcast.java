package dev.nodes.service.notifications.broadcasts;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.notifications.RowValues;
import io.helidon.dbclient.DbRow;

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
                RowValues.uuid(row, "id"),
                RowValues.string(row, "title"),
                RowValues.string(row, "message"),
                RowValues.string(row, "placement"),
                RowValues.string(row, "priority"),
                RowValues.json(row, "audience"),
                RowValues.string(row, "status"),
                RowValues.instant(row, "scheduled_at"),
                RowValues.instant(row, "started_at"),
                RowValues.instant(row, "finished_at"),
                RowValues.number(row, "total"),
                RowValues.number(row, "sent"),
                RowValues.number(row, "failed"),
                RowValues.uuid(row, "created_by"),
                RowValues.instant(row, "created_at"),
                RowValues.instant(row, "updated_at"));
    }
}
