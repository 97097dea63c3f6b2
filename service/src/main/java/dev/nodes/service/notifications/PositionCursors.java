package dev.nodes.service.notifications;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.Cursors;
import dev.nodes.service.http.QueryParams;
import dev.nodes.service.notifications.NotificationStore.Position;

/** Signed cursors for the newest-first {@code (created_at, id)} keyset of the notification lists. */
public final class PositionCursors {
    private final Cursors cursors;

    public PositionCursors(Cursors cursors) {
        this.cursors = cursors;
    }

    public String encode(String scope, Position position) {
        return cursors.encode(scope, position.createdAt().toString(), position.id().toString());
    }

    public Optional<Position> decode(QueryParams query, String scope) {
        Optional<List<String>> parts = cursors.decode(query, scope, 2);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Position(Instant.parse(parts.get().get(0)), UUID.fromString(parts.get().get(1))));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.invalidQuery("cursor", "is not a cursor this endpoint issued");
        }
    }
}
