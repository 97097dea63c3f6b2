package dev.nodes.profiling.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A valid value for a schema of the OpenAPI file: every property, the first enum value, a real user id for a
 * uuid (the fuzzer's own user: a send or a broadcast then reaches someone who exists), small numbers within the
 * bounds. The baseline that each mutation then breaks in one way.
 */
final class ExampleBody {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;
    private final Function<String, String> uuids;

    /** {@code uuids}: the uuid to use for a property name (the fuzzer's user, its node's ids). */
    ExampleBody(Random random, Function<String, String> uuids) {
        this.random = random;
        this.uuids = uuids;
    }

    JsonNode of(JsonNode schema, String name) {
        if (schema.has("oneOf")) {
            return of(schema.path("oneOf").get(0), name);
        }
        if (schema.has("allOf")) {
            ObjectNode merged = NODES.objectNode();
            schema.path("allOf").forEach(part -> {
                JsonNode value = of(part, name);
                if (value.isObject()) {
                    merged.setAll((ObjectNode) value);
                }
            });
            return merged;
        }
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> object(schema);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(of(schema.path("items"), name));
                yield array;
            }
            case "integer", "number" ->
                NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(string(schema, name));
        };
    }

    private ObjectNode object(JsonNode schema) {
        ObjectNode object = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> properties =
                        schema.path("properties").fields();
                properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            if (!property.getKey()
                    .equals("scheduled_at")) { // a fuzzed broadcast stays a draft: no one is sent 1 000 of them
                object.set(property.getKey(), of(property.getValue(), property.getKey()));
            }
        }
        return object;
    }

    private String string(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        return switch (format) {
            case "uuid" -> uuids.apply(name);
            case "date-time" -> Instant.now().toString();
            case "date" -> Instant.now().toString().substring(0, 10);
            case "uri" -> "https://example.org/cover.png";
            default ->
                name.endsWith("_url")
                        ? "https://example.org/" + name
                        : schema.has("pattern") || name.equals("slug")
                                ? "fuzz-" + Integer.toHexString(random.nextInt(1 << 24))
                                : "fuzz-" + name.replace('_', '-');
        };
    }
}
