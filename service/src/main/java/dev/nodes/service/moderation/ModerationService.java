package dev.nodes.service.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.db.Database;
import dev.nodes.service.http.Json;
import dev.nodes.service.http.TimeKeyset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The rules of moderation cases: a change is written, with its history, only for the fields that really change. */
public final class ModerationService {
    private final Database database;
    private final ModerationRepository cases;

    public ModerationService(Database database) {
        this.database = database;
        this.cases = new ModerationRepository(database);
    }

    ModerationCase create(Map<String, CaseInput.Value> values, UUID createdBy) {
        return cases.create(values, createdBy);
    }

    Optional<ModerationRepository.Detail> detail(UUID id) {
        return cases.detail(id);
    }

    ModerationRepository.Slice list(CaseFilter filter, Optional<TimeKeyset> after, int limit) {
        return cases.list(filter, after, limit);
    }

    /** Adds a note; empty when the case does not exist. */
    Optional<CaseNote> addNote(UUID caseId, String text, boolean pinned, UUID author) {
        return cases.addNote(caseId, text, pinned, author);
    }

    /**
     * Applies the given fields under the case's row lock; each field whose value really changes is updated and
     * appends one history entry in the same transaction. Nothing changes: nothing is written.
     */
    Optional<ModerationCase> patch(UUID id, Map<String, CaseInput.Value> values, UUID actor) {
        return database.inTransaction(tx -> {
            Optional<ModerationCase> current = cases.findForUpdate(tx, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode before = Json.MAPPER.valueToTree(current.get());
            Map<String, CaseInput.Value> changed = new LinkedHashMap<>();
            values.forEach((column, value) -> {
                if (!value.json().equals(before.get(column))) {
                    changed.put(column, value);
                }
            });
            if (changed.isEmpty()) {
                return current;
            }
            ModerationCase updated = cases.update(tx, id, changed);
            changed.forEach((column, value) -> {
                JsonNode old = before.get(column);
                cases.addHistory(tx, id, column, Json.write(old), Json.write(value.json()), actor);
            });
            return Optional.of(updated);
        });
    }
}
