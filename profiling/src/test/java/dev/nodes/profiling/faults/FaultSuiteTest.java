package dev.nodes.profiling.faults;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodes.profiling.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faults --scale small} end to end against the built service: the suite starts its own PostgreSQL
 * (embedded binaries) and redis-server, the service and a broadcast worker, and must come out clean. Also
 * asserts that each phase really happened, so that a suite which silently stopped injecting faults fails. A
 * missing redis-server fails the test; nothing is skipped. After a failure the work directory (every process's
 * log, the database) is kept, and the output names it.
 */
class FaultSuiteTest {

    @Test
    void theSmallSuiteKillsEveryBackendUnderLoadFuzzesEveryRouteAndLosesNothing(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        assertDoesNotThrow(
                RedisServer::binary, "the fault suite needs redis-server (scripts/ensure-backends.sh installs it)");
        Path json = dir.resolve("faults.json");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(
                List.of(
                        "faults",
                        "--scale",
                        "small",
                        "--json",
                        json.toString(),
                        "--work-dir",
                        dir.resolve("work").toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String output = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        System.out.print(output); // the figures, in the test's report file
        assertEquals(0, code, output);

        JsonNode report = new ObjectMapper().readTree(Files.readString(json));
        assertTrue(report.path("passed").asBoolean(), output);
        assertEquals(0, report.path("unexpected_5xx").asLong(), output);
        assertEquals(0, report.path("lost").asLong(), output);
        assertEquals(0, report.path("duplicates").asLong(), output);
        assertTrue(report.path("missing_phases").isEmpty(), output);

        assertTrue(report.path("load_requests").asLong() > 500, "a steady load ran: " + output);
        assertTrue(report.path("acknowledged_writes").asLong() > 100, "writes were acknowledged: " + output);
        assertTrue(
                report.path("unavailable_during_postgres_outage").asLong() > 0,
                "PostgreSQL's outage showed as 503 unavailable: " + output);
        JsonNode recoveries = report.path("recoveries");
        assertEquals(
                Set.of("postgres", "redis", "broadcast worker"),
                Set.copyOf(recoveries.findValuesAsText("fault")),
                output);
        for (JsonNode recovery : recoveries) {
            assertTrue(recovery.path("outage_seen").asBoolean(), recovery + "\n" + output);
            assertTrue(recovery.path("recovery_ms").isNumber(), recovery + "\n" + output);
        }
        JsonNode fuzz = report.path("fuzz");
        assertTrue(report.path("fuzz_requests").asLong() > 200, output);
        assertTrue(fuzz.path("operations").asInt() >= 30, "every route of the OpenAPI file: " + output);
        for (String kind : List.of(
                "baseline",
                "wrong JSON type",
                "invalid path id",
                "invalid token",
                "wrong method",
                "broken chunked body")) {
            assertTrue(fuzz.path("by_kind").path(kind).asLong() > 0, kind + ": " + output);
        }
        assertFalse(output.contains("UNEXPECTED"), output);
    }
}
