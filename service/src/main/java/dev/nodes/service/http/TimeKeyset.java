package dev.nodes.service.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A position in a newest-first {@code (created_at, id)} list, and the signed cursor that carries it. */
public record TimeKeyset(Instant createdAt, UUID id) {

    public String cursor(Cursors cursors, String scope) {
        return cursors.encode(scope, createdAt.toString(), id.toString());
    }

    /** The position in the request's {@code cursor}, if any; a cursor of another list is 400 {@code invalid_query}. */
    public static Optional<TimeKeyset> after(Cursors cursors, QueryParams query, String scope) {
        Optional<List<String>> parts = cursors.decode(query, scope, 2);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TimeKeyset(
                    Instant.parse(parts.get().get(0)),
                    UUID.fromString(parts.get().get(1))));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.invalidQuery("cursor", "is not a cursor this endpoint issued");
        }
    }
}
