package dev.nodes.service.moderation;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.TimeKeyset;
import io.helidon.dbclient.DbTransaction;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** All SQL of moderation: cases, their notes and their change history. */
final class ModerationRepository {
    private final Database database;

    ModerationRepository(Database database) {
        this.database = database;
    }

    record Slice(List<ModerationCase> items, Optional<TimeKeyset> next) {}

    /** A case with its notes (pinned first, then oldest first) and its history (oldest first). */
    record Detail(ModerationCase moderationCase, List<CaseNote> notes, List<CaseHistoryEntry> history) {}

    ModerationCase create(Map<String, CaseInput.Value> values, UUID createdBy) {
        List<String> columns = new ArrayList<>(List.of("created_by"));
        List<String> placeholders = new ArrayList<>(List.of("?"));
        List<Object> params = new ArrayList<>(List.of(createdBy));
        values.forEach((column, value) -> {
            columns.add(column);
            placeholders.add("?::" + value.cast());
            params.add(value.parameter());
        });
        return database.execute()
                .get(
                        "INSERT INTO moderation_cases (" + String.join(", ", columns) + ")\nVALUES ("
                                + String.join(", ", placeholders) + ")\nRETURNING " + ModerationCase.COLUMNS,
                        params.toArray())
                .map(ModerationCase::from)
                .orElseThrow();
    }

    Optional<Detail> detail(UUID id) {
        return find(id).map(found -> new Detail(
                found,
                database.execute()
                        .query("SELECT " + CaseNote.COLUMNS + """

                        FROM moderation_case_notes WHERE case_id = ?
                        ORDER BY pinned DESC, created_at, id""", id)
                        .map(CaseNote::from)
                        .toList(),
                database.execute()
                        .query("SELECT " + CaseHistoryEntry.COLUMNS + """

                        FROM moderation_case_history WHERE case_id = ?
                        ORDER BY id""", id)
                        .map(CaseHistoryEntry::from)
                        .toList()));
    }

    Optional<ModerationCase> find(UUID id) {
        return database.execute()
                .get("SELECT " + ModerationCase.COLUMNS + " FROM moderation_cases WHERE id = ?", id)
                .map(ModerationCase::from);
    }

    /** The case, its row locked until the transaction ends. */
    Optional<ModerationCase> findForUpdate(DbTransaction tx, UUID id) {
        return tx.get("SELECT " + ModerationCase.COLUMNS + " FROM moderation_cases WHERE id = ? FOR UPDATE", id)
                .map(ModerationCase::from);
    }

    /** Sets the given columns (each with its cast) and {@code updated_at}; the case as it is now. */
    ModerationCase update(DbTransaction tx, UUID id, Map<String, CaseInput.Value> values) {
        List<String> assignments = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        values.forEach((column, value) -> {
            assignments.add(column + " = ?::" + value.cast());
            params.add(value.parameter());
        });
        params.add(id);
        return tx.get(
                        "UPDATE moderation_cases SET " + String.join(", ", assignments)
                                + ", updated_at = now() WHERE id = ? RETURNING " + ModerationCase.COLUMNS,
                        params.toArray())
                .map(ModerationCase::from)
                .orElseThrow();
    }

    /** One history entry: a field's value before and after (JSON), and who changed it. */
    void addHistory(DbTransaction tx, UUID id, String field, String fromJson, String toJson, UUID actor) {
        tx.dml("""
                INSERT INTO moderation_case_history (case_id, field, from_value, to_value, actor)
                VALUES (?, ?, ?::jsonb, ?::jsonb, ?)""", id, field, fromJson, toJson, actor);
    }

    /** Adds a note; empty when the case does not exist. */
    Optional<CaseNote> addNote(UUID caseId, String text, boolean pinned, UUID author) {
        return database.execute()
                .get("""
                        INSERT INTO moderation_case_notes (case_id, text, pinned, author_id)
                        SELECT id, ?, ?, ? FROM moderation_cases WHERE id = ?
                        RETURNING""" + " " + CaseNote.COLUMNS, text, pinned, author, caseId)
                .map(CaseNote::from);
    }

    Slice list(CaseFilter filter, Optional<TimeKeyset> after, int limit) {
        ListQuery query = listQuery(filter, after, limit + 1);
        List<ModerationCase> rows = database.execute()
                .query(query.sql(), query.params().toArray())
                .map(ModerationCase::from)
                .toList();
        if (rows.size() <= limit) {
            return new Slice(rows, Optional.empty());
        }
        List<ModerationCase> page = rows.subList(0, limit);
        return new Slice(
                page,
                Optional.of(new TimeKeyset(
                        page.getLast().createdAt(), page.getLast().id())));
    }

    /** The listing's SQL and parameters (the index test EXPLAINs exactly this). */
    record ListQuery(String sql, List<Object> params) {}

    static ListQuery listQuery(CaseFilter filter, Optional<TimeKeyset> after, int rows) {
        StringBuilder sql =
                new StringBuilder("SELECT " + ModerationCase.COLUMNS + "\nFROM moderation_cases\nWHERE true\n");
        List<Object> params = new ArrayList<>();
        // one value is "=", so the matching index also yields the newest-first order; several are "= ANY"
        matchAny(sql, params, "lower(status)", filter.statuses(), "text");
        matchAny(sql, params, "lower(type)", filter.types(), "text");
        matchAny(sql, params, "lower(queue)", filter.queues(), "text");
        matchAny(
                sql,
                params,
                "assignee_id",
                filter.assignees().stream().map(UUID::toString).toList(),
                "uuid");
        filter.q().ifPresent(q -> {
            sql.append("  AND (title ILIKE ? OR description ILIKE ?)\n");
            params.add(CaseFilter.likePattern(q));
            params.add(CaseFilter.likePattern(q));
        });
        after.ifPresent(position -> {
            sql.append("  AND (created_at, id) < (?, ?)\n");
            params.add(position.createdAt().atOffset(ZoneOffset.UTC));
            params.add(position.id());
        });
        sql.append("ORDER BY created_at DESC, id DESC\nLIMIT ?");
        params.add(rows);
        return new ListQuery(sql.toString(), params);
    }

    private static void matchAny(
            StringBuilder sql, List<Object> params, String expression, List<String> values, String type) {
        if (values.size() == 1) {
            sql.append("  AND ")
                    .append(expression)
                    .append(" = ?::")
                    .append(type)
                    .append('\n');
            params.add(values.getFirst());
        } else if (values.size() > 1) {
            sql.append("  AND ")
                    .append(expression)
                    .append(" = ANY (?::")
                    .append(type)
                    .append("[])\n");
            params.add(values.toArray(String[]::new));
        }
    }
}
