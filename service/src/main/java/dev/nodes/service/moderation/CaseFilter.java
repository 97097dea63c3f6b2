package dev.nodes.service.moderation;

import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.QueryParams;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The listing's filters. {@code status}, {@code type} and {@code queue} are matched on lower(...) (the expression
 * indexes), {@code assignee} exactly; each takes a comma-separated list (and may be repeated). {@code q} is a
 * case-insensitive substring of the title or the description.
 */
record CaseFilter(
        List<String> statuses, List<String> types, List<String> queues, List<UUID> assignees, Optional<String> q) {
    static final int Q_MAX = 200;

    static CaseFilter from(QueryParams query) {
        List<String> statuses = lowerCased(query, "status");
        for (String status : statuses) {
            if (!CaseVocabulary.STATUSES.contains(status)) {
                throw ApiException.invalidQuery(
                        "status",
                        "must be one of "
                                + String.join(
                                        ", ",
                                        CaseVocabulary.STATUSES.stream()
                                                .sorted()
                                                .toList()));
            }
        }
        List<UUID> assignees = new ArrayList<>();
        for (String value : values(query, "assignee")) {
            try {
                assignees.add(UUID.fromString(value));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidQuery("assignee", "must be UUIDs separated by commas");
            }
        }
        Optional<String> q = query.string("q").map(String::trim).filter(s -> !s.isEmpty());
        if (q.isPresent() && q.get().length() > Q_MAX) {
            throw ApiException.invalidQuery("q", "must be at most " + Q_MAX + " characters");
        }
        return new CaseFilter(statuses, lowerCased(query, "type"), lowerCased(query, "queue"), assignees, q);
    }

    private static List<String> lowerCased(QueryParams query, String name) {
        List<String> values = new ArrayList<>();
        for (String value : values(query, name)) {
            if (value.length() > CaseVocabulary.LABEL_MAX) {
                throw ApiException.invalidQuery(
                        name, "values must be at most " + CaseVocabulary.LABEL_MAX + " characters");
            }
            values.add(value.toLowerCase(Locale.ROOT));
        }
        return values;
    }

    /** The trimmed, de-duplicated values of a repeatable, comma-separated parameter; an empty item is refused. */
    private static List<String> values(QueryParams query, String name) {
        Set<String> values = new LinkedHashSet<>();
        for (String raw : query.all(name)) {
            for (String part : raw.split(",", -1)) {
                String value = part.trim();
                if (value.isEmpty()) {
                    throw ApiException.invalidQuery(name, "must not contain empty values");
                }
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    /** The pattern for ILIKE: the text with its wildcards escaped, between two %. */
    static String likePattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
