package dev.nodes.service.moderation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.dbclient.DbRow;

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
                CaseRows.uuid(row, "id"),
                CaseRows.string(row, "title"),
                CaseRows.string(row, "description"),
                CaseRows.string(row, "status"),
                CaseRows.string(row, "type"),
                CaseRows.string(row, "queue"),
                CaseRows.string(row, "priority"),
                CaseRows.uuid(row, "assignee_id"),
                CaseRows.string(row, "subject_id"),
                CaseRows.string(row, "subject_type"),
                CaseRows.stringList(row, "tags"),
                CaseRows.json(row, "metadata"),
                CaseRows.uuid(row, "created_by"),
                CaseRows.instant(row, "created_at"),
                CaseRows.instant(row, "updated_at"));
    }
}
