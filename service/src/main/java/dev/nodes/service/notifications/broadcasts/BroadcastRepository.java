package dev.nodes.service.notifications.broadcasts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.TimeKeyset;

/**
 * The admin side of broadcasts. Every status change is one conditional UPDATE, so it cannot race the worker's
 * claim (which takes the same row lock): a broadcast the worker has started is no longer editable.
 */
public final class BroadcastRepository {
    public static final Set<String> STATUSES = Set.of("draft", "scheduled", "sending", "sent", "failed", "cancelled");

    private final Database database;

    public BroadcastRepository(Database database) {
        this.database = database;
    }

    /** One page of the listing; {@code next} is empty on the last page. */
    public record Slice(List<Broadcast> items, Optional<TimeKeyset> next) {
    }

    public Broadcast create(BroadcastDraft draft, UUID createdBy) {
        return database.execute().get("""
                        INSERT INTO broadcasts (title, message, placement, priority, audience, status, scheduled_at,
                                                created_by)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?)
                        RETURNING""" + " " + Broadcast.COLUMNS,
                        draft.title(), draft.message(), draft.placement(), draft.priority(), draft.audienceJson(),
                        draft.scheduledAt().isPresent() ? "scheduled" : "draft", utc(draft.scheduledAt()), createdBy)
                .map(Broadcast::from)
                .orElseThrow();
    }

    public Optional<Broadcast> find(UUID id) {
        return database.execute().get("SELECT " + Broadcast.COLUMNS + " FROM broadcasts WHERE id = ?", id)
                .map(Broadcast::from);
    }

    public Slice list(Set<String> statuses, Optional<TimeKeyset> after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + Broadcast.COLUMNS + "\nFROM broadcasts\nWHERE true\n");
        if (!statuses.isEmpty()) {
            sql.append("  AND status = ANY (?::text[])\n");
            params.add(statuses.toArray(String[]::new));
        }
        if (after.isPresent()) {
            sql.append("  AND (created_at, id) < (?, ?)\n");
            params.add(after.get().createdAt().atOffset(ZoneOffset.UTC));
            params.add(after.get().id());
        }
        sql.append("ORDER BY created_at DESC, id DESC\nLIMIT ?");
        params.add(limit + 1);
        List<Broadcast> rows = database.execute().query(sql.toString(), params.toArray()).map(Broadcast::from).toList();
        if (rows.size() <= limit) {
            return new Slice(rows, Optional.empty());
        }
        List<Broadcast> page = rows.subList(0, limit);
        return new Slice(page, Optional.of(new TimeKeyset(page.getLast().createdAt(), page.getLast().id())));
    }

    /** PUT: replaces the content and schedule; only in draft or scheduled (status follows {@code scheduled_at}). */
    public Broadcast replace(UUID id, BroadcastDraft draft) {
        return changeWhileEditable(id, "cannot be changed", """
                        UPDATE broadcasts
                        SET title = ?, message = ?, placement = ?, priority = ?, audience = ?::jsonb,
                            status = ?, scheduled_at = ?::timestamptz, updated_at = now()
                        WHERE id = ? AND status IN ('draft', 'scheduled')
                        RETURNING""" + " " + Broadcast.COLUMNS,
                draft.title(), draft.message(), draft.placement(), draft.priority(), draft.audienceJson(),
                draft.scheduledAt().isPresent() ? "scheduled" : "draft", utc(draft.scheduledAt()), id);
    }

    /** Makes a draft or scheduled broadcast due now; the worker picks it up at its next poll. */
    public Broadcast sendNow(UUID id) {
        return changeWhileEditable(id, "cannot be sent now", """
                UPDATE broadcasts SET status = 'scheduled', scheduled_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('draft', 'scheduled')
                RETURNING""" + " " + Broadcast.COLUMNS, id);
    }

    public Broadcast cancel(UUID id) {
        return changeWhileEditable(id, "cannot be cancelled", """
                UPDATE broadcasts SET status = 'cancelled', finished_at = now(), updated_at = now()
                WHERE id = ? AND status IN ('draft', 'scheduled')
                RETURNING""" + " " + Broadcast.COLUMNS, id);
    }

    private Broadcast changeWhileEditable(UUID id, String action, String sql, Object... params) {
        Optional<Broadcast> changed = database.execute().get(sql, params).map(Broadcast::from);
        if (changed.isPresent()) {
            return changed.get();
        }
        Broadcast current = find(id).orElseThrow(() -> ApiException.notFound("broadcast"));
        throw ApiException.invalidStatus("a broadcast in status " + current.status() + " " + action
                + "; only draft and scheduled broadcasts can");
    }

    private static OffsetDateTime utc(Optional<Instant> instant) {
        return instant.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
    }
}
