package dev.nodes.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Typed, validated access to the fields of a JSON request body. Every problem is collected so one 400 names
 * them all in {@code details.fields}; unknown fields are refused so a typo never passes silently.
 */
public final class BodyFields {
    private final ObjectNode body;
    private final Map<String, String> problems = new LinkedHashMap<>();

    public BodyFields(ObjectNode body, Set<String> allowed) {
        this.body = body;
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.put(name, "unknown field");
            }
        }
    }

    public boolean has(String name) {
        return body.has(name);
    }

    /** A present field whose value is JSON null: used by PATCH to clear nullable fields. */
    public boolean isNull(String name) {
        return body.has(name) && body.get(name).isNull();
    }

    public Optional<String> string(String name, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.put(name, "must be a string");
            return Optional.empty();
        }
        String value = node.textValue();
        if (value.indexOf('\0') >= 0) {
            problems.put(name, "must not contain NUL characters");
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            problems.put(name, "must be at most " + maxLength + " characters");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    public Optional<String> requiredString(String name, int maxLength) {
        if (!body.has(name) || body.get(name).isNull()) {
            problems.put(name, "is required");
            return Optional.empty();
        }
        Optional<String> value = string(name, maxLength);
        if (value.isPresent() && value.get().isBlank()) {
            problems.put(name, "must not be blank");
            return Optional.empty();
        }
        return value;
    }

    public Optional<String> matching(String name, Pattern pattern, String description) {
        Optional<String> value = string(name, 1000);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            problems.put(name, "must match " + description);
            return Optional.empty();
        }
        return value;
    }

    public Optional<String> oneOf(String name, Set<String> allowed) {
        Optional<String> value = string(name, 100);
        if (value.isPresent() && !allowed.contains(value.get())) {
            problems.put(
                    name,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
            return Optional.empty();
        }
        return value;
    }

    public Optional<Boolean> bool(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            problems.put(name, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    public Optional<Integer> integer(String name, int min, int max) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            problems.put(name, "must be an integer from " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(node.intValue());
    }

    public Optional<UUID> uuid(String name) {
        Optional<String> value = string(name, 36);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.get()));
        } catch (IllegalArgumentException e) {
            problems.put(name, "must be a UUID");
            return Optional.empty();
        }
    }

    public Optional<List<String>> strings(String name, int maxItems, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            problems.put(name, "must be an array of strings");
            return Optional.empty();
        }
        if (node.size() > maxItems) {
            problems.put(name, "must have at most " + maxItems + " items");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()
                    || item.textValue().length() > maxLength
                    || item.textValue().indexOf('\0') >= 0) {
                problems.put(name, "must be an array of strings of at most " + maxLength + " characters");
                return Optional.empty();
            }
            values.add(item.textValue());
        }
        return Optional.of(values);
    }

    public Optional<ObjectNode> object(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode object)) {
            problems.put(name, "must be a JSON object");
            return Optional.empty();
        }
        return Optional.of(object);
    }

    /** Records a rule that the typed readers cannot express. */
    public void reject(String name, String reason) {
        problems.put(name, reason);
    }

    /** Throws the 400 with every problem found, if any. Call it before changing anything. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw ApiException.invalidPayload(problems);
        }
    }
}
