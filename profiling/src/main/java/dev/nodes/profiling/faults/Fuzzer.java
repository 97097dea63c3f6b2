package dev.nodes.profiling.faults;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.profiling.bench.Credentials;
import dev.nodes.profiling.faults.FaultHttp.Answer;
import dev.nodes.profiling.faults.FaultHttp.Call;
import dev.nodes.profiling.faults.Mutations.Mutation;
import dev.nodes.profiling.faults.OpenApiOperations.Operation;
import dev.nodes.profiling.faults.OpenApiOperations.Parameter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Fuzzes every operation of the service's OpenAPI file with both backends up: the valid baseline, then a seeded
 * sample of its {@link Mutations} (the same seed, the same mutations in the same order), each answer recorded in a
 * {@link Tally} in which every 5xx is unexpected. The fuzzer works on data of its own (a user, a node, a
 * notification, a broadcast draft, a moderation case), so the load's ledger stays exact; deletes go last.
 */
final class Fuzzer {
    /**
     * What the fuzz did: requests by mutation kind, baselines answered 2xx, operations covered, and the baselines
     * that were not 2xx with their answer (a conflict or a 404 can be right: a second like, a capture that is not).
     */
    record Result(
            int operations, Map<String, Long> byKind, long baselinesOk, long baselines, List<String> baselinesNotOk) {}

    private final FaultHttp http;
    private final Tally tally;
    private final byte[] secret;
    private final String run;
    private final long seed;
    private final PrintStream out;

    Fuzzer(FaultHttp http, Tally tally, byte[] secret, String run, long seed, PrintStream out) {
        this.http = http;
        this.tally = tally;
        this.secret = secret;
        this.run = run;
        this.seed = seed;
        this.out = out;
    }

    Result run(int budget) throws IOException {
        Answer spec = record(Call.json("GET", "/openapi.yaml", null, null));
        if (spec.status() != 200) {
            throw new IOException("GET /openapi.yaml answered " + spec.describe());
        }
        List<Operation> operations = new ArrayList<>(OpenApiOperations.parse(spec.body()));
        // deletes last, the node's own last of all: what they remove, the other operations still use
        operations.sort(Comparator.comparing((Operation op) -> op.method().equals("delete"))
                .thenComparing(op -> op.method().equals("delete") ? -op.path().length() : 0));
        Algorithm algorithm = Algorithm.HMAC256(secret);
        String user = mint(algorithm, "faults-fuzz-user-" + run, "user", 3600);
        String admin = mint(algorithm, "faults-fuzz-admin-" + run, "admin", 3600);
        UUID userId = Credentials.userId("faults-fuzz-user-" + run);
        Mutations.Tokens tokens = new Mutations.Tokens(
                user,
                admin,
                user,
                mint(algorithm, "faults-fuzz-user-" + run, "user", -3600),
                mint(
                        Algorithm.HMAC256("another-secret-another-secret-0123456789"),
                        "faults-fuzz-user-" + run,
                        "user",
                        3600),
                mint(algorithm, "faults-fuzz-admin-" + run, "ADMIN", 3600));
        Map<String, String> ids = fixtures(user, admin, userId);
        Random random = new Random(seed);
        ExampleBody examples = new ExampleBody(random, name -> userId.toString());
        Mutations mutations = new Mutations((op, p) -> pathValue(op, p, ids), tokens, examples);
        Map<String, Set<String>> methodsByPath = operations.stream()
                .collect(Collectors.groupingBy(
                        Operation::path, Collectors.mapping(Operation::method, Collectors.toSet())));
        int perOperation = Math.max(2, budget / Math.max(1, operations.size()));
        Map<String, Long> byKind = new TreeMap<>();
        long baselinesOk = 0;
        List<String> baselinesNotOk = new ArrayList<>();
        for (Operation op : operations) {
            String token = op.anonymous()
                    ? null
                    : op.path().contains("/admin/") || op.path().startsWith("/v1/moderation") ? admin : user;
            List<Mutation> all = mutations.of(op, token, methodsByPath.get(op.path()));
            List<Mutation> sample = new ArrayList<>(all.subList(1, all.size()));
            Collections.shuffle(sample, random);
            sample = new ArrayList<>(sample.subList(0, Math.min(sample.size(), perOperation - 1)));
            sample.addFirst(all.getFirst());
            for (Mutation mutation : sample) {
                Answer answer = record(mutation.call());
                byKind.merge(mutation.kind(), 1L, Long::sum);
                if (mutation.kind().equals("baseline") && answer.ok()) {
                    baselinesOk++;
                } else if (mutation.kind().equals("baseline")) {
                    baselinesNotOk.add(op.describe() + " " + answer.describe());
                }
            }
            if (op.body() != null) {
                brokenChunked(op, token, ids);
                byKind.merge("broken chunked body", 1L, Long::sum);
            }
        }
        out.printf("faults: fuzzed %d operations with %d requests%n", operations.size(), tally.sent());
        return new Result(operations.size(), byKind, baselinesOk, operations.size(), List.copyOf(baselinesNotOk));
    }

    /** A chunked body whose chunk size is not hexadecimal: what a broken or hostile client sends. */
    private void brokenChunked(Operation op, String token, Map<String, String> ids) {
        String path = op.path();
        for (Parameter p : op.in("path")) {
            path = path.replace("{" + p.name() + "}", pathValue(op, p, ids));
        }
        String method = op.method().toUpperCase(Locale.ROOT);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        Answer answer = http.raw(head, "ZZ\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        tally.record(new Call(method, path + " (broken chunked body)", token, "application/json", null), answer);
    }

    /** The fuzzer's own node, notification, broadcast draft and moderation case, by path parameter. */
    private Map<String, String> fixtures(String user, String admin, UUID userId) throws IOException {
        String slug = "fuzz-node-" + run;
        JsonNode node =
                required(Call.json("POST", "/v1/nodes", user, "{\"title\":\"Fuzzed\",\"slug\":\"" + slug + "\"}"), 201);
        ObjectNode send = FaultHttp.JSON
                .createObjectNode()
                .put("user_id", userId.toString())
                .put("title", "Fuzzed")
                .put("message", "for the fuzzer")
                .put("event_id", "faults-fuzz:" + run);
        JsonNode notification =
                required(Call.json("POST", "/v1/notifications/admin/send", admin, send.toString()), 201);
        ObjectNode draft =
                FaultHttp.JSON.createObjectNode().put("title", "Fuzzed").put("message", "for the fuzzer");
        draft.putObject("audience")
                .put("type", "explicit_users")
                .putArray("user_ids")
                .add(userId.toString());
        JsonNode broadcast =
                required(Call.json("POST", "/v1/notifications/admin/broadcasts", admin, draft.toString()), 201);
        JsonNode moderationCase = required(
                Call.json(
                        "POST",
                        "/v1/moderation/cases",
                        admin,
                        "{\"title\":\"Fuzzed\",\"description\":\"for the fuzzer\"}"),
                201);
        return Map.of(
                "ref",
                node.path("id").asText(),
                "slug",
                slug,
                "notification",
                notification.path("id").asText(),
                "broadcast",
                broadcast.path("id").asText(),
                "case",
                moderationCase.path("id").asText());
    }

    /** The fixture a path parameter stands for; a capture id is one that does not exist (a 404). */
    private String pathValue(Operation op, Parameter p, Map<String, String> ids) {
        if (p.name().equals("ref") || p.name().equals("slug")) {
            return ids.get(p.name());
        }
        if (op.path().startsWith("/v1/notifications/admin/broadcasts")) {
            return ids.get("broadcast");
        }
        if (op.path().startsWith("/v1/notifications/")) {
            return ids.get("notification");
        }
        if (op.path().startsWith("/v1/moderation/")) {
            return ids.get("case");
        }
        return new UUID(seed, 1).toString();
    }

    private JsonNode required(Call call, int status) throws IOException {
        Answer answer = record(call);
        if (answer.status() != status || answer.json() == null) {
            throw new IOException("fuzz fixture: " + call.describe() + " answered " + answer.describe());
        }
        return answer.json();
    }

    private Answer record(Call call) {
        Answer answer = http.send(call);
        tally.record(call, answer);
        return answer;
    }

    private static String mint(Algorithm algorithm, String subject, String role, long ttlSeconds) {
        return JWT.create()
                .withSubject(subject)
                .withClaim("role", role)
                .withExpiresAt(Instant.now().plusSeconds(ttlSeconds))
                .sign(algorithm);
    }
}
