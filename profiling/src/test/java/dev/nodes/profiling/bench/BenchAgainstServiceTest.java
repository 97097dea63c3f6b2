package dev.nodes.profiling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.profiling.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} end to end against the real service and PostgreSQL: one full run of every scenario (2 s each, low
 * concurrency) whose file is checked against the spec's shape, then short runs for the baseline and the
 * open-loop mode. Notifications and moderation are checked for shape only: while their routes are missing the
 * run reports their 404s as errors instead of failing.
 */
class BenchAgainstServiceTest {
    private static final int SEED = 40;
    private static BenchServiceFixture service;
    private static Path dir;
    private static Run full;

    @BeforeAll
    static void runEveryScenario(@TempDir Path tempDir) throws IOException {
        service = new BenchServiceFixture();
        dir = tempDir;
        full = bench(
                "full.json", "--seed", String.valueOf(SEED), "--warmup", "0", "--duration", "2", "--concurrency", "2");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private record Run(int exitCode, String out, String err, JsonNode json) {}

    private static Run bench(String outName, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(
                "bench",
                "--target",
                service.target(),
                "--jwt-secret",
                BenchServiceFixture.JWT_SECRET,
                "--out",
                dir.resolve(outName).toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Path file = dir.resolve(outName);
        JsonNode json = Files.exists(file) ? ReportJson.read(file) : null;
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), json);
    }

    @Test
    void theResultFileHasTheSpecsShapeWithConsistentCounts() {
        assertEquals(0, full.exitCode(), full.out() + full.err());
        JsonNode json = full.json();
        assertEquals(List.of("generated_at", "target", "settings", "results"), ReportJsonTest.fields(json));
        assertTrue(json.get("generated_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals(service.target(), json.get("target").asText());
        JsonNode settings = json.get("settings");
        assertEquals(0, settings.get("warmup_seconds").asInt());
        assertEquals(2, settings.get("duration_seconds").asInt());
        assertEquals(2, settings.get("concurrency").asInt());
        assertTrue(settings.get("concurrency").isInt()
                && settings.get("duration_seconds").isInt());

        List<String> names = new ArrayList<>();
        for (JsonNode result : json.get("results")) {
            String name = result.get("name").asText();
            names.add(name);
            assertTrue(
                    result.get("method").isTextual()
                            && result.get("route").asText().startsWith("/"),
                    name);
            assertTrue(
                    result.get("requests").isIntegralNumber()
                            && result.get("requests").asLong() > 0,
                    name);
            assertTrue(result.get("errors").isIntegralNumber(), name);
            long sum = 0;
            long notOk = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            result.get("status_counts").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                assertTrue(entry.getKey().matches("\\d{1,3}"), name + ": " + entry.getKey());
                assertTrue(entry.getValue().isIntegralNumber(), name);
                int status = Integer.parseInt(entry.getKey());
                sum += entry.getValue().asLong();
                notOk += status >= 200 && status < 300 ? 0 : entry.getValue().asLong();
            }
            assertEquals(result.get("requests").asLong(), sum, name + ": sum(status_counts) == requests");
            assertEquals(notOk, result.get("errors").asLong(), name + ": errors are the non-2xx answers");
            assertTrue(
                    result.get("throughput_rps").isNumber()
                            && result.get("throughput_rps").asDouble() > 0,
                    name);
            JsonNode latency = result.get("latency_ms");
            assertEquals(List.of("p50", "p95", "p99", "max", "mean"), ReportJsonTest.fields(latency));
            latency.forEach(v -> assertTrue(v.isNumber() && v.asDouble() >= 0, name));
            assertTrue(
                    latency.get("p50").asDouble() <= latency.get("p95").asDouble()
                            && latency.get("p95").asDouble()
                                    <= latency.get("p99").asDouble()
                            && latency.get("p99").asDouble()
                                    <= latency.get("max").asDouble(),
                    name + " " + latency);
        }
        assertEquals(Scenarios.NAMES, names);
        assertEquals("/v1/nodes/{ref}", json.get("results").get(0).get("route").asText());
        assertEquals("POST", json.get("results").get(4).get("method").asText());
    }

    @Test
    void theNodeAndHealthScenariosSucceedOnTheSeededData() {
        for (JsonNode result : full.json().get("results")) {
            String name = result.get("name").asText();
            if (name.startsWith("nodes:") || name.equals("ops:health")) {
                assertEquals(0, result.get("errors").asLong(), name + " " + result.get("status_counts"));
            }
        }
        assertEquals(SEED, service.count("SELECT count(*) FROM product_node_tags WHERE slug = 'bench'"));
        assertEquals(
                Credentials.AUTHORS,
                service.count(
                        "SELECT count(DISTINCT n.author_id) FROM nodes n JOIN product_node_tags t ON t.node_id = n.id"
                                + " WHERE t.slug = 'bench'"));
        assertTrue(service.count("SELECT coalesce(sum(views_count), 0) FROM nodes") > 0, "register-view counted views");
        assertTrue(full.out().contains("nodes:get                   measure"), full.out());
        assertTrue(full.out().contains("req/s"), full.out());
    }

    @Test
    void aRerunFindsTheSeededNodesInsteadOfCreatingMore() throws IOException {
        Run again = bench(
                "again.json",
                "--seed",
                String.valueOf(SEED),
                "--scenarios",
                "nodes:get",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--concurrency",
                "1");
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertFalse(again.out().contains("creating"), again.out());
        assertEquals(SEED, service.count("SELECT count(*) FROM product_node_tags WHERE slug = 'bench'"));
    }

    @Test
    void aBaselineWithAMuchSmallerP95MakesTheRunExit3() throws IOException {
        ObjectNode baseline = full.json().deepCopy();
        baseline.get("results").forEach(r -> ((ObjectNode) r.get("latency_ms")).put("p95", 0.001));
        Path baselineFile = dir.resolve("baseline-fast.json");
        ReportJson.MAPPER.writeValue(baselineFile.toFile(), baseline);

        Run run = bench(
                "compared.json",
                "--seed",
                "0",
                "--scenarios",
                "ops:health,nodes:get",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--concurrency",
                "1",
                "--baseline",
                baselineFile.toString());
        assertEquals(3, run.exitCode(), run.out() + run.err());
        JsonNode comparison = run.json().get("comparison");
        assertEquals(baselineFile.toString(), comparison.get("baseline").asText());
        List<String> regressed = new ArrayList<>();
        for (JsonNode r : comparison.get("regressions")) {
            regressed.add(r.get("name").asText());
            assertEquals("p95", r.get("metric").asText());
            assertTrue(r.get("change_percent").asDouble() > 20);
        }
        assertEquals(
                List.of("nodes:get", "ops:health"), regressed.stream().sorted().toList());
        assertTrue(run.out().contains("REGRESSION"), run.out());
    }

    @Test
    void aBaselineWithALargerP95PassesAndMissingScenariosAreReported() throws IOException {
        ObjectNode baseline = full.json().deepCopy();
        baseline.get("results").forEach(r -> ((ObjectNode) r.get("latency_ms")).put("p95", 60_000.0));
        // drop ops:health
        ((ArrayNode) baseline.get("results")).remove(Scenarios.NAMES.indexOf("ops:health"));
        Path baselineFile = dir.resolve("baseline-slow.json");
        ReportJson.MAPPER.writeValue(baselineFile.toFile(), baseline);

        Run run = bench(
                "compared-ok.json",
                "--seed",
                "0",
                "--scenarios",
                "ops:health,nodes:get",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--concurrency",
                "1",
                "--baseline",
                baselineFile.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(0, run.json().get("comparison").get("regressions").size());
        assertTrue(
                run.out().contains("not compared (missing from the baseline or without a p95 there): ops:health"),
                run.out());
    }

    @Test
    void openLoopModeSendsExactlyTheScheduledRequests() throws IOException {
        Run run = bench(
                "rate.json",
                "--scenarios",
                "ops:health",
                "--rate",
                "200",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--concurrency",
                "4");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode result = run.json().get("results").get(0);
        assertEquals(200, result.get("requests").asLong());
        assertEquals(200.0, run.json().get("settings").get("rate_rps").asDouble());
        // what was answered per second: the phase lasts until the last answer, a moment after the schedule's end
        double throughput = result.get("throughput_rps").asDouble();
        assertTrue(throughput <= 200.0 && throughput > 150.0, "throughput " + throughput);
    }

    @Test
    void anOpenLoopRateTheServerCannotMeetIsReportedAsWhatWasAnswered() throws IOException {
        // one connection cannot carry 100 000 requests a second to anything on this machine
        Run run = bench(
                "behind.json",
                "--scenarios",
                "ops:health",
                "--rate",
                "100000",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--concurrency",
                "1");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode result = run.json().get("results").get(0);
        long requests = result.get("requests").asLong();
        double throughput = result.get("throughput_rps").asDouble();
        assertTrue(requests < 100_000 / 2, "nothing sent past the schedule's end: " + requests);
        assertTrue(throughput < 100_000 / 2.0, "throughput is what was answered: " + throughput);
        assertTrue(
                throughput <= requests && throughput > requests / 2.0,
                "answered over about the one second: " + throughput + " for " + requests);
    }

    @Test
    void aTargetThatDoesNotAnswerFailsWithExitCode1() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                List.of(
                        "bench",
                        "--target",
                        "http://127.0.0.1:1",
                        "--scenarios",
                        "ops:health",
                        "--out",
                        dir.resolve("none.json").toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("does not answer"), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("none.json")));
    }
}
