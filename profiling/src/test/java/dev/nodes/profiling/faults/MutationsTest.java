package dev.nodes.profiling.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.profiling.faults.Mutations.Mutation;
import dev.nodes.profiling.faults.OpenApiOperations.Operation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fuzzer's view of the service's own OpenAPI file: every operation, valid baselines, every kind of mutation. */
class MutationsTest {

    @Test
    void everyOperationOfTheServicesFileIsFoundWithItsBodySchemaResolved() throws Exception {
        List<Operation> operations = operations();
        assertTrue(operations.size() >= 36, operations.toString());
        Operation create = operations.stream()
                .filter(op -> op.describe().equals("POST /v1/nodes"))
                .findFirst()
                .orElseThrow();
        assertTrue(create.bodyRequired());
        assertEquals("title", create.body().path("required").get(0).asText()); // the $ref to NodeCreate resolved
        assertTrue(operations.stream().anyMatch(op -> op.describe().equals("GET /health/live") && op.anonymous()));
    }

    @Test
    void theMutationsOfACreateCoverEveryKindAndTheSameSeedGivesTheSameRequests() throws Exception {
        Operation create = operations().stream()
                .filter(op -> op.describe().equals("POST /v1/nodes"))
                .findFirst()
                .orElseThrow();
        List<Mutation> first = mutations(7).of(create, "admin", Set.of("get", "post"));
        List<Mutation> again = mutations(7).of(create, "admin", Set.of("get", "post"));
        assertEquals("baseline", first.getFirst().kind());
        String baseline = new String(first.getFirst().call().body(), StandardCharsets.UTF_8);
        assertTrue(baseline.contains("\"title\":") && baseline.contains("\"slug\":\"fuzz-"), baseline);
        Set<String> kinds = first.stream().map(Mutation::kind).collect(Collectors.toSet());
        for (String kind : List.of(
                "wrong JSON type",
                "missing required field",
                "unknown field",
                "huge string",
                "NUL character",
                "deep nesting",
                "broken JSON",
                "empty body",
                "wrong Content-Type",
                "wrong method",
                "invalid token",
                "missing token",
                "too little privilege")) {
            assertTrue(kinds.contains(kind), kind + " in " + kinds);
        }
        assertEquals(
                first.stream().map(m -> m.call().describe()).toList(),
                again.stream().map(m -> m.call().describe()).toList());
    }

    private static Mutations mutations(long seed) {
        Mutations.Tokens tokens = new Mutations.Tokens("user", "admin", "user", "expired", "foreign", "ADMIN");
        return new Mutations(
                (op, p) -> "1",
                tokens,
                new ExampleBody(new Random(seed), name -> "00000000-0000-0000-0000-000000000001"));
    }

    private static List<Operation> operations() throws Exception {
        try (InputStream in = MutationsTest.class.getResourceAsStream("/openapi.yaml")) {
            return OpenApiOperations.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
