package dev.nodes.service.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Typed query parameters; a malformed or unknown value is a 400 {@code invalid_query}. */
public final class QueryParams {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final UriQuery query;

    private QueryParams(UriQuery query) {
        this.query = query;
    }

    public static QueryParams of(ServerRequest req) {
        return new QueryParams(req.query());
    }

    public Optional<String> string(String name) {
        return query.first(name).asOptional();
    }

    public List<String> all(String name) {
        return query.contains(name) ? query.all(name) : List.of();
    }

    public Optional<UUID> uuid(String name) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw.get()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidQuery(name, "must be a UUID");
        }
    }

    public Optional<String> oneOf(String name, Set<String> allowed) {
        Optional<String> raw = string(name);
        if (raw.isPresent() && !allowed.contains(raw.get())) {
            throw ApiException.invalidQuery(
                    name,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return raw;
    }

    public Optional<Boolean> bool(String name) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Optional.of(true);
            case "false", "0" -> Optional.of(false);
            default -> throw ApiException.invalidQuery(name, "must be true or false");
        };
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalidQuery(name, "must be an integer from " + min + " to " + max);
    }

    public Optional<LocalDate> date(String name) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.get()));
        } catch (DateTimeParseException e) {
            throw ApiException.invalidQuery(name, "must be a date (YYYY-MM-DD)");
        }
    }

    public int limit() {
        return integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }
}
