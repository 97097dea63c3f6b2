package dev.nodes.profiling.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operations of the service's OpenAPI file ({@code GET /openapi.yaml}): every path and method with its
 * parameters and request body schema, {@code $ref}s resolved, so that the fuzzer covers whatever the contract
 * declares, including routes added after it was written.
 */
final class OpenApiOperations {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** A parameter: where it goes ({@code path}, {@code query}, {@code header}), its name and schema. */
    record Parameter(String in, String name, JsonNode schema) {}

    /** One path and method; {@code body} is the JSON request schema or null, {@code anonymous} has security []. */
    record Operation(
            String path,
            String method,
            List<Parameter> parameters,
            JsonNode body,
            boolean bodyRequired,
            boolean anonymous) {
        String describe() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }
    }

    private final JsonNode document;

    private OpenApiOperations(JsonNode document) {
        this.document = document;
    }

    static List<Operation> parse(String yaml) throws IOException {
        return new OpenApiOperations(new YAMLMapper().readTree(yaml)).operations();
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(op.getValue().path("parameters")));
                JsonNode requestBody = resolve(op.getValue().path("requestBody"));
                JsonNode schema =
                        requestBody.path("content").path("application/json").path("schema");
                boolean anonymous = op.getValue().has("security")
                        && op.getValue().path("security").isEmpty();
                operations.add(new Operation(
                        path.getKey(),
                        op.getKey(),
                        List.copyOf(parameters),
                        schema.isMissingNode() ? null : resolveDeep(schema),
                        requestBody.path("required").asBoolean(false),
                        anonymous));
            }
        }
        return List.copyOf(operations);
    }

    private List<Parameter> parameters(JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode item : list) {
            JsonNode p = resolve(item);
            parameters.add(
                    new Parameter(p.path("in").asText(), p.path("name").asText(), resolveDeep(p.path("schema"))));
        }
        return parameters;
    }

    /** A {@code $ref} to its target (local references only, as this file has). */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
            current = document.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    /** The schema with every {@code $ref} below it replaced by its target. */
    private JsonNode resolveDeep(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (!resolved.isContainerNode()) {
            return resolved;
        }
        JsonNode copy = resolved.deepCopy();
        if (copy.isObject()) {
            ObjectNode object = (ObjectNode) copy;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, resolveDeep(object.get(name)));
            }
        } else {
            for (int i = 0; i < copy.size(); i++) {
                ((ArrayNode) copy).set(i, resolveDeep(copy.get(i)));
            }
        }
        return copy;
    }
}
