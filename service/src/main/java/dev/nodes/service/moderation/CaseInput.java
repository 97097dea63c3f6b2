package dev.nodes.service.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.nodes.service.http.BodyFields;
import dev.nodes.service.http.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a create or patch body into column values. Each value carries its SQL parameter, the cast that
 * types it, and its JSON form (what the API shows, and what the history records).
 */
final class CaseInput {
    static final Set<String> CREATE_FIELDS = Set.of(
            "title",
            "description",
            "type",
            "status",
            "queue",
            "priority",
            "assignee_id",
            "subject_id",
            "subject_type",
            "tags",
            "metadata");
    static final Set<String> PATCH_FIELDS =
            Set.of("title", "description", "status", "queue", "priority", "assignee_id", "tags", "metadata");

    /** A column's new value. */
    record Value(Object parameter, String cast, JsonNode json) {}

    private CaseInput() {}

    /** The present fields, by column name, in a stable order; throws the 400 naming every problem. */
    static Map<String, Value> parse(ObjectNode json, Set<String> allowed, boolean create) {
        BodyFields body = new BodyFields(json, allowed);
        Map<String, Value> values = new LinkedHashMap<>();
        if (create || present(json, body, "title")) {
            body.requiredString("title", CaseVocabulary.TITLE_MAX).ifPresent(t -> values.put("title", text(t.trim())));
        }
        if (present(json, body, "description")) {
            body.string("description", CaseVocabulary.DESCRIPTION_MAX)
                    .ifPresent(d -> values.put("description", text(d)));
        }
        for (String label : List.of("type", "queue")) {
            if (allowed.contains(label) && present(json, body, label)) {
                body.string(label, CaseVocabulary.LABEL_MAX).map(String::trim).ifPresent(v -> {
                    if (v.isEmpty()) {
                        body.reject(label, "must not be blank");
                    } else {
                        values.put(label, text(v));
                    }
                });
            }
        }
        if (present(json, body, "status")) {
            lowerCaseOneOf(body, json, "status", CaseVocabulary.STATUSES).ifPresent(s -> values.put("status", text(s)));
        }
        if (present(json, body, "priority")) {
            lowerCaseOneOf(body, json, "priority", CaseVocabulary.PRIORITIES)
                    .ifPresent(p -> values.put("priority", text(p)));
        }
        if (json.has("assignee_id")) {
            if (json.get("assignee_id").isNull()) {
                values.put("assignee_id", new Value(null, "uuid", NullNode.getInstance()));
            } else {
                body.uuid("assignee_id")
                        .ifPresent(id ->
                                values.put("assignee_id", new Value(id, "uuid", TextNode.valueOf(id.toString()))));
            }
        }
        if (allowed.contains("subject_id")) {
            body.string("subject_id", CaseVocabulary.SUBJECT_ID_MAX).ifPresent(v -> values.put("subject_id", text(v)));
            body.string("subject_type", CaseVocabulary.LABEL_MAX).ifPresent(v -> values.put("subject_type", text(v)));
        }
        if (present(json, body, "tags")) {
            body.strings("tags", CaseVocabulary.TAGS_MAX, CaseVocabulary.LABEL_MAX)
                    .flatMap(tags -> tags(tags, body))
                    .ifPresent(tags -> {
                        ArrayNode array = Json.MAPPER.createArrayNode();
                        tags.forEach(array::add);
                        values.put("tags", new Value(tags.toArray(String[]::new), "text[]", array));
                    });
        }
        if (present(json, body, "metadata")) {
            body.object("metadata").ifPresent(m -> values.put("metadata", new Value(Json.write(m), "jsonb", m)));
        }
        body.validate();
        return values;
    }

    /** True when the field is given; a JSON null for a field that cannot be cleared is a problem. */
    private static boolean present(ObjectNode json, BodyFields body, String field) {
        if (json.has(field) && json.get(field).isNull()) {
            body.reject(field, "must not be null");
            return false;
        }
        return json.has(field);
    }

    private static Optional<String> lowerCaseOneOf(
            BodyFields body, ObjectNode json, String field, Set<String> allowed) {
        JsonNode node = json.get(field);
        if (!node.isTextual() || !allowed.contains(node.textValue().trim().toLowerCase(Locale.ROOT))) {
            body.reject(
                    field,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
            return Optional.empty();
        }
        return Optional.of(node.textValue().trim().toLowerCase(Locale.ROOT));
    }

    /** Trimmed, lower-cased, de-duplicated, like node tags. */
    private static Optional<List<String>> tags(List<String> raw, BodyFields body) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            String normal = tag.trim().toLowerCase(Locale.ROOT);
            if (!CaseVocabulary.TAG.matcher(normal).matches()) {
                body.reject("tags", "each tag must match ^[a-z0-9][a-z0-9-]{0,63}$");
                return Optional.empty();
            }
            tags.add(normal);
        }
        return Optional.of(List.copyOf(tags));
    }

    private static Value text(String value) {
        return new Value(value, "text", TextNode.valueOf(value));
    }
}
