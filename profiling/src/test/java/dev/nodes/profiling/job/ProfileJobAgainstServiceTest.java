package dev.nodes.profiling.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodes.profiling.Main;
import dev.nodes.profiling.bench.BenchServiceFixture;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile-job} as the operator's Job runs it, against the real service in this JVM on its own database:
 * the termination log's one JSON line in each outcome, the capture it names as the service knows it, and a
 * secret that never shows.
 */
class ProfileJobAgainstServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BenchServiceFixture service;
    private static Path dir;
    private static Path secretFile;

    @BeforeAll
    static void start(@TempDir Path tempDir) throws IOException {
        service = new BenchServiceFixture();
        dir = tempDir;
        secretFile = dir.resolve("jwt-secret");
        Files.writeString(secretFile, BenchServiceFixture.JWT_SECRET + "\n"); // as a mounted Secret may end
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private record Run(int exitCode, String out, String err, String line, JsonNode json) {}

    private static Run job(String logName, String... args) throws IOException {
        Path log = dir.resolve(logName);
        List<String> all = new ArrayList<>(List.of("profile-job", "--termination-log", log.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = Files.exists(log) ? Files.readString(log) : null;
        return new Run(
                code,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                text,
                text == null ? null : JSON.readTree(text));
    }

    private static void assertOneJsonLine(Run run) {
        assertTrue(run.line() != null, "no termination log; out: " + run.out() + run.err());
        assertTrue(run.line().endsWith("\n") && run.line().strip().indexOf('\n') < 0, run.line());
        assertEquals(List.of("result", "capture_id", "summary"), fields(run.json()));
    }

    @Test
    void profileModeBenchmarksAndTakesACaptureTheServiceKnowsAsDone() throws Exception {
        Run run = job(
                "profile.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--seconds",
                "2",
                "--warmup",
                "1",
                "--seed",
                "40",
                "--mode",
                "profile",
                "--reason",
                "test: p95 up");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertOneJsonLine(run);
        assertEquals("ok", run.json().get("result").asText(), run.line());
        UUID captureId = UUID.fromString(run.json().get("capture_id").asText());
        String summary = run.json().get("summary").asText();
        // no --baseline-capture: the job profiles all the same and says there was nothing to compare with
        assertTrue(
                summary.startsWith("no baseline capture for this rollout yet: nothing compared; p95 ms nodes "),
                summary);
        assertTrue(summary.contains("notifications ") && summary.contains("moderation "), summary);
        assertTrue(summary.contains("capture cpu ") && summary.contains(" samples with "), summary);
        assertTrue(summary.length() <= TerminationMessage.MAX_SUMMARY, summary);

        HttpResponse<String> capture = adminGet("/v1/admin/profiling/captures/" + captureId);
        assertEquals(200, capture.statusCode(), capture.body());
        JsonNode json = JSON.readTree(capture.body());
        assertEquals("done", json.get("status").asText(), capture.body());
        assertEquals(2, json.get("seconds").asInt());
        assertEquals("test: p95 up", json.get("reason").asText(), "the Job's reason is stored with the capture");
        assertFalse(run.out().contains(BenchServiceFixture.JWT_SECRET)
                || run.err().contains(BenchServiceFixture.JWT_SECRET));
    }

    @Test
    void aBaselineCaptureThenAProfileRunNamesWhatGrewAgainstIt() throws Exception {
        Run baseline = job(
                "baseline.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--seconds",
                "2",
                "--warmup",
                "1",
                "--seed",
                "40",
                "--mode",
                "baseline",
                "--reason",
                "baseline for rollout r1");
        assertEquals(0, baseline.exitCode(), baseline.out() + baseline.err());
        assertOneJsonLine(baseline);
        String baselineId = baseline.json().get("capture_id").asText();
        assertEquals(
                "done",
                JSON.readTree(adminGet("/v1/admin/profiling/captures/" + baselineId)
                                .body())
                        .get("status")
                        .asText());

        Run profile = job(
                "compared.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--seconds",
                "2",
                "--warmup",
                "1",
                "--seed",
                "40",
                "--mode",
                "profile",
                "--reason",
                "p95 up",
                "--baseline-capture",
                baselineId);
        assertEquals(0, profile.exitCode(), profile.out() + profile.err());
        assertEquals("ok", profile.json().get("result").asText(), profile.line());
        assertEquals(baselineId, profile.json().get("baseline_capture_id").asText(), profile.line());
        String summary = profile.json().get("summary").asText();
        assertTrue(summary.startsWith("vs baseline capture " + baselineId + ": "), summary);
        // two captures of the same load differ by chance: some frames' shares grew; the most (self), at most three
        JsonNode frames = profile.json().path("regressed_frames");
        assertTrue(frames.size() > 0 && frames.size() <= TerminationMessage.MAX_FRAMES, profile.line());
        frames.forEach(f -> assertTrue(f.asText().matches(".+ \\+[0-9.]+ pp \\([0-9.]+% -> [0-9.]+%\\)"), f.asText()));
        assertTrue(
                frames.isEmpty()
                        ? summary.contains("no frame's share grew")
                        : summary.contains(frames.get(0).asText()),
                summary);
    }

    @Test
    void aBaselineCaptureThatCannotBeComparedIsSaidAndTheRunStillSucceeds() throws Exception {
        UUID unknown = UUID.randomUUID();
        Run run = job(
                "unknown-baseline.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--seconds",
                "1",
                "--warmup",
                "0",
                "--seed",
                "40",
                "--mode",
                "profile",
                "--baseline-capture",
                unknown.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertOneJsonLine(run);
        assertEquals("ok", run.json().get("result").asText(), run.line());
        String summary = run.json().get("summary").asText();
        assertTrue(summary.startsWith("not compared with baseline capture " + unknown + ": "), summary);
        assertTrue(summary.contains("404"), summary);
    }

    @Test
    void benchmarkModeTakesNoCaptureAndABaselineItExceedsMakesItRegressed() throws Exception {
        Path results = dir.resolve("job-results.json");
        Run plain = job(
                "benchmark.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--seconds",
                "1",
                "--warmup",
                "0",
                "--seed",
                "40",
                "--mode",
                "benchmark",
                "--out",
                results.toString());
        assertEquals(0, plain.exitCode(), plain.out() + plain.err());
        assertOneJsonLine(plain);
        assertEquals("ok", plain.json().get("result").asText(), plain.line());
        assertTrue(plain.json().get("capture_id").isNull(), plain.line());
        assertFalse(plain.json().get("summary").asText().contains("capture"), plain.line());
        JsonNode written = JSON.readTree(results.toFile());
        assertEquals(ProfileJobCommand.SCENARIOS.size(), written.get("results").size());
        for (JsonNode result : written.get("results")) {
            assertTrue(
                    result.get("requests").asLong() > 0
                            && result.get("latency_ms").get("p95").isNumber(),
                    result.toString());
        }

        // a baseline whose p95 no real run can meet: every scenario regressed, and the Job still succeeded at measuring
        StringBuilder fast = new StringBuilder();
        for (String name : ProfileJobCommand.SCENARIOS) {
            fast.append(fast.isEmpty() ? "" : ",")
                    .append("{\"name\":\"")
                    .append(name)
                    .append("\",\"latency_ms\":{\"p95\":0.001}}");
        }
        Path baseline = dir.resolve("baseline.json");
        Files.writeString(baseline, "{\"results\":[" + fast + "]}");
        Run regressed = job(
                "regressed.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--seconds",
                "1",
                "--warmup",
                "0",
                "--seed",
                "40",
                "--mode",
                "benchmark",
                "--baseline",
                baseline.toString());
        assertEquals(0, regressed.exitCode(), regressed.out() + regressed.err());
        assertEquals("regressed", regressed.json().get("result").asText(), regressed.line());
        assertTrue(
                regressed.json().get("summary").asText().startsWith("p95 over baseline +20.0%: nodes:get +"),
                regressed.line());
    }

    @Test
    void aWrongSecretFailsWithoutShowingIt() throws Exception {
        String wrong = "not-the-service-secret-not-the-service-secret-42";
        Path file = dir.resolve("wrong-secret");
        Files.writeString(file, wrong);
        long nodesBefore = service.count("SELECT count(*) FROM nodes");
        Run run = job(
                "wrong.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                file.toString(),
                "--seconds",
                "1",
                "--warmup",
                "0");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertOneJsonLine(run);
        assertEquals("failed", run.json().get("result").asText());
        assertTrue(run.json().get("capture_id").isNull());
        String summary = run.json().get("summary").asText();
        assertTrue(summary.contains("refused the admin token") && summary.contains("(401)"), summary);
        for (String text : List.of(run.line(), run.out(), run.err())) {
            assertFalse(text.contains(wrong), text);
            assertFalse(text.contains(BenchServiceFixture.JWT_SECRET), text);
        }
        assertEquals(nodesBefore, service.count("SELECT count(*) FROM nodes"), "a refused Job seeds nothing");
    }

    @Test
    void aMissingOrShortSecretFileAndABadCommandLineFailWithAReason() throws Exception {
        Run missing = job(
                "missing.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                dir.resolve("nope").toString(),
                "--seconds",
                "1");
        assertEquals(1, missing.exitCode());
        assertEquals("failed", missing.json().get("result").asText());
        assertTrue(missing.json().get("summary").asText().contains("cannot read --jwt-secret-file"), missing.line());

        Path shortFile = dir.resolve("short-secret");
        Files.writeString(shortFile, "too-short-secret");
        Run tooShort = job("short.log", "--target", service.target(), "--jwt-secret-file", shortFile.toString());
        assertEquals(1, tooShort.exitCode());
        String summary = tooShort.json().get("summary").asText();
        assertTrue(summary.contains("16 bytes") && !summary.contains("too-short-secret"), summary);

        Run bad = job(
                "bad.log",
                "--target",
                service.target(),
                "--jwt-secret-file",
                secretFile.toString(),
                "--mode",
                "explore");
        assertEquals(1, bad.exitCode());
        assertEquals("failed", bad.json().get("result").asText());
        assertTrue(
                bad.json().get("summary").asText().startsWith("bad command line: --mode must be one of"), bad.line());
    }

    @Test
    void theTargetMayBeAClusterHostButBenchAndProfileStayOnLoopback() throws Exception {
        ProfileJobOptions options = ProfileJobOptions.parse(List.of(
                "--target",
                "http://nodes.demo.svc:8080/",
                "--jwt-secret-file",
                "/var/run/secrets/nodes-jwt/secret",
                "--seconds",
                "30",
                "--mode",
                "profile",
                "--reason",
                "p95 regression on nodes"));
        assertEquals(URI.create("http://nodes.demo.svc:8080"), options.target());
        assertEquals(10, options.warmupSeconds());
        assertEquals(Path.of("/dev/termination-log"), options.terminationLog());

        Run bench = runMain(
                "bench",
                "--target",
                "http://nodes.demo.svc:8080",
                "--jwt-secret",
                BenchServiceFixture.JWT_SECRET,
                "--duration",
                "1");
        assertEquals(2, bench.exitCode());
        assertTrue(bench.err().contains("only loopback"), bench.err());
        Run profile = runMain(
                "profile", "--target", "http://nodes.demo.svc:8080", "--jwt-secret", BenchServiceFixture.JWT_SECRET);
        assertEquals(2, profile.exitCode());
        assertTrue(profile.err().contains("only loopback"), profile.err());
    }

    private static Run runMain(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null, null);
    }

    private static HttpResponse<String> adminGet(String path) throws Exception {
        String token = Authenticator.mint(
                BenchServiceFixture.JWT_SECRET.getBytes(StandardCharsets.UTF_8), "test-admin", Role.ADMIN, 600);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create(service.target() + path))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static List<String> fields(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
