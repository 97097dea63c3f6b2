package dev.nodes.service.moderation;

import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.UUID;

/** A note on a case. */
public record CaseNote(UUID id, UUID caseId, String text, boolean pinned, UUID authorId, Instant createdAt) {
    static final String COLUMNS = "id, case_id, text, pinned, author_id, created_at";

    static CaseNote from(DbRow row) {
        return new CaseNote(
                Rows.uuid(row, "id"),
                Rows.uuid(row, "case_id"),
                Rows.string(row, "text"),
                (Boolean) row.column("pinned").asOptional().orElse(null),
                Rows.uuid(row, "author_id"),
                Rows.instant(row, "created_at"));
    }
}
