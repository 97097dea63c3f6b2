package dev.nodes.service.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The API representation of a moderation case (without notes and history). */
public record ModerationCase(
        UUID id,
        String title,
        String description,
        String status,
        String type,
        String queue,
        String priority,
        UUID assigneeId,
        String subjectId,
        String subjectType,
        List<String> tags,
        JsonNode metadata,
        UUID createdBy,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = """
            id, title, description, status, type, queue, priority, assignee_id, subject_id, subject_type,
            to_jsonb(tags)::text AS tags, metadata::text AS metadata, created_by, created_at, updated_at""";

    static ModerationCase from(DbRow row) {
        return new ModerationCase(
                Rows.uuid(row, "id"),
                Rows.string(row, "title"),
                Rows.string(row, "description"),
                Rows.string(row, "status"),
                Rows.string(row, "type"),
                Rows.string(row, "queue"),
                Rows.string(row, "priority"),
                Rows.uuid(row, "assignee_id"),
                Rows.string(row, "subject_id"),
                Rows.string(row, "subject_type"),
                Rows.jsonStrings(row, "tags"),
                Rows.json(row, "metadata"),
                Rows.uuid(row, "created_by"),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
