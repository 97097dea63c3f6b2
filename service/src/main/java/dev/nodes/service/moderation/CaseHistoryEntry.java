package dev.nodes.service.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.UUID;

/** One changed field of a case: its JSON value before and after, who changed it and when. */
public record CaseHistoryEntry(String field, JsonNode from, JsonNode to, UUID actor, Instant at) {
    static final String COLUMNS = "field, from_value::text AS from_value, to_value::text AS to_value, actor, at";

    static CaseHistoryEntry from(DbRow row) {
        return new CaseHistoryEntry(
                Rows.string(row, "field"),
                Rows.json(row, "from_value"),
                Rows.json(row, "to_value"),
                Rows.uuid(row, "actor"),
                Rows.instant(row, "at"));
    }
}
