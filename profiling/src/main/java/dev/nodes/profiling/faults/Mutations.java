package dev.nodes.profiling.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.profiling.faults.FaultHttp.Call;
import dev.nodes.profiling.faults.OpenApiOperations.Operation;
import dev.nodes.profiling.faults.OpenApiOperations.Parameter;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The mutated requests of one operation, each the valid baseline broken in one way: the body (wrong JSON types,
 * missing required fields, an unknown field, huge strings, NUL in values and keys, deep nesting, broken JSON,
 * invalid UTF-8, no or an empty body, other Content-Types, a non-object document), the path (invalid ids), the
 * query (bad values of each parameter), the method (those the path does not declare) and the token (none,
 * garbage, expired, signed with another secret, an invalid role, too little privilege).
 */
final class Mutations {
    /** One mutated request and what kind of mutation it is (the report counts them by kind). */
    record Mutation(String kind, Call call) {}

    /** Bad values for a path parameter; encoded, so that each reaches the router as one segment. */
    private static final List<String> BAD_IDS = List.of(
            "0",
            "-1",
            "99999999999999999999",
            "1.5",
            "abc",
            "%00",
            "%FF",
            "a%20b",
            "null",
            "00000000-0000-0000-0000-00000000000g",
            "..%2F..",
            "x".repeat(400));

    private static final List<String> BAD_QUERY =
            List.of("abc", "-1", "0", "99999999999", "", "%00", "true", "x".repeat(3000), "%E2%28%A1");
    private static final String HUGE = "x".repeat(300_000);

    /** The tokens the fuzzer sends instead of the right one. */
    record Tokens(String valid, String admin, String user, String expired, String otherSecret, String badRole) {}

    private final BiFunction<Operation, Parameter, String> pathValue;
    private final Tokens tokens;
    private final ExampleBody examples;

    Mutations(BiFunction<Operation, Parameter, String> pathValue, Tokens tokens, ExampleBody examples) {
        this.pathValue = pathValue;
        this.tokens = tokens;
        this.examples = examples;
    }

    /** The baseline first, then every mutation of this operation; {@code declaredMethods}: the path's own. */
    List<Mutation> of(Operation op, String token, Set<String> declaredMethods) {
        List<Mutation> all = new ArrayList<>();
        String path = path(op, Map.of());
        String method = op.method().toUpperCase(Locale.ROOT);
        JsonNode baseline = op.body() == null ? null : examples.of(op.body(), "");
        String json = baseline == null ? null : baseline.toString();
        all.add(new Mutation("baseline", Call.json(method, path, token, json)));
        if (baseline instanceof ObjectNode object) {
            bodyFields(all, method, path, token, op.body(), object);
        }
        documents(all, method, path, token, json);
        for (Parameter p : op.in("path")) {
            for (String bad : BAD_IDS) {
                all.add(new Mutation(
                        "invalid path id", Call.json(method, path(op, Map.of(p.name(), bad)), token, json)));
            }
        }
        for (Parameter p : op.in("query")) {
            for (String bad : BAD_QUERY) {
                String query = "?" + p.name() + "=" + bad;
                all.add(new Mutation("bad query value", Call.json(method, path + query, token, json)));
            }
            String repeated = "?" + p.name() + "=a&" + p.name() + "=b";
            all.add(new Mutation("bad query value", Call.json(method, path + repeated, token, json)));
        }
        for (String other : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            if (!declaredMethods.contains(other.toLowerCase(Locale.ROOT))) {
                all.add(new Mutation("wrong method", Call.json(other, path, token, json)));
            }
        }
        for (String bad : List.of("garbage", tokens.expired(), tokens.otherSecret(), tokens.badRole(), "")) {
            all.add(new Mutation("invalid token", Call.json(method, path, bad, json)));
        }
        all.add(new Mutation("missing token", Call.json(method, path, null, json)));
        if (token != null && token.equals(tokens.admin())) {
            all.add(new Mutation("too little privilege", Call.json(method, path, tokens.user(), json)));
        }
        return all;
    }

    /** One field at a time: another JSON type, null, missing (when required), huge, with NUL; then extra keys. */
    private void bodyFields(
            List<Mutation> all, String method, String path, String token, JsonNode schema, ObjectNode baseline) {
        List<String> names = new ArrayList<>();
        baseline.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = baseline.get(name);
            for (JsonNode wrong : wrongTypes(value)) {
                all.add(body("wrong JSON type", method, path, token, with(baseline, name, wrong)));
            }
            all.add(body("wrong JSON type", method, path, token, with(baseline, name, FaultHttp.JSON.nullNode())));
            if (value.isTextual()) {
                all.add(body("huge string", method, path, token, with(baseline, name, text(HUGE))));
                all.add(body(
                        "NUL character", method, path, token, with(baseline, name, text(value.asText() + "\u0000x"))));
            }
        }
        for (Iterator<JsonNode> required = schema.path("required").elements(); required.hasNext(); ) {
            ObjectNode missing = baseline.deepCopy();
            missing.remove(required.next().asText());
            all.add(body("missing required field", method, path, token, missing));
        }
        all.add(body("unknown field", method, path, token, with(baseline, "unexpected_field", text("1"))));
        all.add(body("NUL character", method, path, token, with(baseline, "ti\u0000tle", text("x"))));
        all.add(body("NUL character", method, path, token, with(baseline, "\u0000", text("\u0000"))));
        String first = names.isEmpty() ? "title" : names.getFirst();
        String nested = "[".repeat(5000) + "]".repeat(5000);
        all.add(new Mutation("deep nesting", Call.json(method, path, token, "{\"" + first + "\":" + nested + "}")));
        String nestedObject = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        all.add(new Mutation("deep nesting", Call.json(method, path, token, nestedObject)));
    }

    /** Whole documents: broken JSON, invalid UTF-8, empty, none, another Content-Type, not an object, too big. */
    private void documents(List<Mutation> all, String method, String path, String token, String json) {
        String valid = json == null ? "{}" : json;
        for (String broken : List.of(
                valid.substring(0, valid.length() / 2),
                "{",
                "{\"title\":}",
                "nul",
                "{\"a\":1,}",
                "{'title':'x'}",
                valid + "garbage",
                "\"unterminated")) {
            all.add(new Mutation("broken JSON", Call.json(method, path, token, broken)));
        }
        ByteArrayOutputStream invalidUtf8 = new ByteArrayOutputStream();
        invalidUtf8.writeBytes("{\"title\":\"".getBytes(StandardCharsets.US_ASCII));
        invalidUtf8.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE});
        invalidUtf8.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        all.add(new Mutation(
                "broken JSON", new Call(method, path, token, "application/json", invalidUtf8.toByteArray())));
        all.add(new Mutation("empty body", new Call(method, path, token, "application/json", new byte[0])));
        all.add(new Mutation("empty body", new Call(method, path, token, null, null)));
        for (String type : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "application/json; charset=utf-16",
                "multipart/form-data; boundary=x",
                "")) {
            all.add(new Mutation(
                    "wrong Content-Type",
                    new Call(
                            method,
                            path,
                            token,
                            type.isEmpty() ? null : type,
                            valid.getBytes(StandardCharsets.UTF_8))));
        }
        for (String notAnObject : List.of("[]", "[" + valid + "]", "42", "\"text\"", "null", "true")) {
            all.add(new Mutation("wrong JSON type", Call.json(method, path, token, notAnObject)));
        }
        all.add(new Mutation(
                "huge string", Call.json(method, path, token, "{\"title\":\"" + "y".repeat(3_000_000) + "\"}")));
    }

    private static List<JsonNode> wrongTypes(JsonNode value) {
        var f = FaultHttp.JSON.getNodeFactory();
        List<JsonNode> wrong = new ArrayList<>();
        if (!value.isTextual()) {
            wrong.add(f.textNode("12"));
        }
        if (!value.isNumber()) {
            wrong.add(f.numberNode(12345));
        }
        if (!value.isBoolean()) {
            wrong.add(f.booleanNode(false));
        }
        if (!value.isArray()) {
            wrong.add(f.arrayNode().add("x"));
        }
        if (!value.isObject()) {
            wrong.add(f.objectNode().put("x", 1));
        }
        wrong.add(f.numberNode(1e308));
        return wrong;
    }

    private static JsonNode text(String value) {
        return FaultHttp.JSON.getNodeFactory().textNode(value);
    }

    private static ObjectNode with(ObjectNode baseline, String name, JsonNode value) {
        ObjectNode copy = baseline.deepCopy();
        copy.set(name, value);
        return copy;
    }

    private static Mutation body(String kind, String method, String path, String token, JsonNode body) {
        return new Mutation(kind, Call.json(method, path, token, body.toString()));
    }

    /** The operation's path with each parameter's valid value, or the override given (already encoded). */
    private String path(Operation op, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : op.in("path")) {
            String valid = URLEncoder.encode(pathValue.apply(op, p), StandardCharsets.UTF_8);
            values.put(p.name(), overrides.getOrDefault(p.name(), valid));
        }
        String path = op.path();
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }
}
