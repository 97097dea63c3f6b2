package dev.nodes.service.profiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Role;
import dev.nodes.service.db.Database;
import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvgTestSupport;
import dev.nodes.service.profiling.flamegraph.FrameStats;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code GET /v1/admin/profiling/captures/{id}/diff} over HTTP, on captures stored through the repository. */
class ProfilingDiffApiTest {
    private static final String CAPTURES = "/v1/admin/profiling/captures";
    private static final String ADMIN = TestService.token("root", Role.ADMIN);
    private static final String BASELINE_STACKS = """
            java/lang/Thread.run;a/Routes.handle;a/Json.write 40
            java/lang/Thread.run;a/Routes.handle;a/Cache.get 40
            java/lang/Thread.run;a/Legacy.scan 20
            """;
    private static final String REGRESSED_STACKS = """
            java/lang/Thread.run;a/Routes.handle;a/Json.write 40
            java/lang/Thread.run;a/Routes.handle;a/Cache.get 40
            java/lang/Thread.run;a/Routes.handle;a/Regex.compile 120
            """;
    private static TestService service;
    private static HttpTestClient http;
    private static Sql sql;
    private static Database database;
    private static final CaptureRepository REPOSITORY = new CaptureRepository();
    private static UUID baseline;
    private static UUID regressed;
    private static UUID running;
    private static UUID failed;
    private static UUID wall;

    @BeforeAll
    static void start() {
        service = TestService.start();
        http = service.http();
        sql = new Sql(service.database());
        database = Database.connect(service.database(), 2);
        baseline = finished(ProfileEvent.CPU, BASELINE_STACKS);
        regressed = finished(ProfileEvent.CPU, REGRESSED_STACKS);
        wall = finished(ProfileEvent.WALL, REGRESSED_STACKS);
        running = REPOSITORY
                .insert(database.execute(), new CaptureRequest(60, ProfileEvent.CPU, Optional.empty()), null)
                .id();
        failed = REPOSITORY
                .insert(database.execute(), new CaptureRequest(1, ProfileEvent.CPU, Optional.empty()), null)
                .id();
        REPOSITORY.fail(database.execute(), failed, "async-profiler test", "the profiler broke");
    }

    @AfterAll
    static void stop() {
        database.close();
        service.close();
    }

    /** A done capture with these stacks, stored as ProfilingService stores one. */
    private static UUID finished(ProfileEvent event, String collapsed) {
        UUID id = REPOSITORY
                .insert(database.execute(), new CaptureRequest(20, event, Optional.empty()), null)
                .id();
        CollapsedStacks stacks = CollapsedStacks.parse(collapsed);
        REPOSITORY.finish(
                database.execute(),
                id,
                "async-profiler test",
                stacks.totalSamples(),
                stacks.toText(),
                FrameStats.of(stacks).topFrames(20));
        return id;
    }

    private static String diff(UUID id, String query) {
        return CAPTURES + "/" + id + "/diff" + query;
    }

    private static Response get(String path, String accept) {
        return http.send("GET", path, ADMIN, null, null, "Accept", accept);
    }

    @Test
    void theDifferentialFlameGraphIsTheDefaultAndTheSvgAnswer() throws Exception {
        Response plain = http.get(diff(regressed, "?baseline=" + baseline), ADMIN);
        assertEquals(200, plain.status(), plain.body());
        assertTrue(plain.header("Content-Type").startsWith("image/svg+xml"), plain.header("Content-Type"));
        Document doc = FlameGraphSvgTestSupport.assertWellFormed(plain.body());
        assertEquals(1, doc.getElementsByTagName("script").getLength());
        // the regressed profile has 200 samples, the baseline 100: normalised x2; Regex.compile is new at 60 %
        assertTrue(
                plain.body().contains("regressed 200 samples, baseline 100 samples normalised x2.000"), plain.body());
        assertTrue(
                plain.body()
                        .contains(
                                "<title>a/Regex.compile\n120 samples (60.00%), baseline 0.00 normalised from 0 (0.00%): "
                                        + "total +60.00 pp, self +60.00 pp</title>"),
                plain.body());
        assertTrue(
                plain.body()
                        .contains(
                                "<title>a/Json.write\n40 samples (20.00%), baseline 80.00 normalised from 40 (40.00%): "
                                        + "total -20.00 pp, self -20.00 pp</title>"),
                plain.body());
        assertTrue(plain.body().contains("baseline-only paths (20.00% of it) not drawn"), plain.body());
        assertTrue(plain.body().contains("baseline " + baseline), "the subtitle names the baseline");

        assertEquals(
                plain.body(),
                get(diff(regressed, "?baseline=" + baseline), "image/svg+xml").body(),
                "deterministic");
        assertEquals(
                plain.body(),
                get(diff(regressed, "?baseline=" + baseline), "text/html,*/*;q=0.8")
                        .body(),
                "a browser's Accept gets the picture");
        Response forced = get(diff(regressed, "?baseline=" + baseline + "&format=svg"), "application/json");
        assertEquals(plain.body(), forced.body(), "?format wins over Accept");
    }

    @Test
    void theJsonSummaryListsTheFramesThatGrewAndShrank() {
        Response byAccept = get(diff(regressed, "?baseline=" + baseline), "application/json");
        assertEquals(200, byAccept.status(), byAccept.body());
        assertTrue(byAccept.header("Content-Type").startsWith("application/json"), byAccept.header("Content-Type"));
        Response byFormat = http.get(diff(regressed, "?baseline=" + baseline + "&format=json"), ADMIN);
        assertEquals(byAccept.body(), byFormat.body());
        assertEquals(
                byAccept.body(),
                get(diff(regressed, "?baseline=" + baseline), "application/json, image/svg+xml;q=0.5")
                        .body(),
                "the preferred type by quality");

        JsonNode body = byAccept.json();
        assertEquals(regressed.toString(), body.path("capture").asText());
        assertEquals(baseline.toString(), body.path("baseline").asText());
        assertEquals("cpu", body.path("event").asText());
        JsonNode summary = body.path("summary");
        assertEquals(100, summary.path("baseline_samples").asLong());
        assertEquals(200, summary.path("regressed_samples").asLong());
        assertEquals(2.0, summary.path("normalisation").asDouble());
        assertEquals(1, summary.path("baseline_only_frames").asInt(), "a/Legacy.scan");
        assertEquals(20.0, summary.path("baseline_only_percent").asDouble());
        JsonNode grew = summary.path("grew_by_self").get(0);
        assertEquals(
                Map.of(
                        "frame",
                        "a/Regex.compile",
                        "baseline_samples",
                        0,
                        "baseline_normalised",
                        0.0,
                        "regressed_samples",
                        120,
                        "before_percent",
                        0.0,
                        "after_percent",
                        60.0,
                        "delta_points",
                        60.0),
                fields(grew));
        assertEquals(
                List.of("a/Regex.compile", "a/Routes.handle"),
                frames(summary.path("grew_by_total")),
                "handle: 80 % -> 100 %; Thread.run is on every stack on both sides");
        assertEquals(
                List.of("a/Cache.get", "a/Json.write", "a/Legacy.scan"),
                frames(summary.path("shrank_by_self")),
                "all three -20 pp: by name");

        Response top1 = get(diff(regressed, "?baseline=" + baseline + "&top=1"), "application/json");
        assertEquals(List.of("a/Cache.get"), frames(top1.json().path("summary").path("shrank_by_self")));
    }

    private static Map<String, Object> fields(JsonNode node) {
        return Map.of(
                "frame",
                node.path("frame").asText(),
                "baseline_samples",
                node.path("baseline_samples").asInt(),
                "baseline_normalised",
                node.path("baseline_normalised").asDouble(),
                "regressed_samples",
                node.path("regressed_samples").asInt(),
                "before_percent",
                node.path("before_percent").asDouble(),
                "after_percent",
                node.path("after_percent").asDouble(),
                "delta_points",
                node.path("delta_points").asDouble());
    }

    private static List<String> frames(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(f -> f.path("frame").asText())
                .toList();
    }

    @Test
    void badRequestsAreRefusedInTheContractsShapeAndChangeNothing() {
        List<List<Object>> before = snapshot();
        assertError(http.get(diff(regressed, ""), ADMIN), 400, "invalid_query");
        assertEquals(
                "is required",
                http.get(diff(regressed, ""), ADMIN)
                        .json()
                        .path("error")
                        .path("details")
                        .path("fields")
                        .path("baseline")
                        .asText());
        Response notUuid = http.get(diff(regressed, "?baseline=last-week"), ADMIN);
        assertError(notUuid, 400, "invalid_query");
        assertEquals(
                "must be a UUID",
                notUuid.json()
                        .path("error")
                        .path("details")
                        .path("fields")
                        .path("baseline")
                        .asText());
        assertError(http.get(diff(regressed, "?baseline=" + baseline + "&format=png"), ADMIN), 400, "invalid_query");
        assertError(http.get(diff(regressed, "?baseline=" + baseline + "&top=0"), ADMIN), 400, "invalid_query");

        UUID unknown = UUID.fromString("7f1c1a52-5cf1-4c0e-9b3e-0b7a3d7c2a11");
        Response unknownCapture = http.get(diff(unknown, "?baseline=" + baseline), ADMIN);
        assertError(unknownCapture, 404, "not_found");
        assertEquals(
                "capture not found",
                unknownCapture.json().path("error").path("message").asText());
        Response unknownBaseline = get(diff(regressed, "?baseline=" + unknown), "application/json");
        assertError(unknownBaseline, 404, "not_found");
        assertEquals(
                "baseline capture not found",
                unknownBaseline.json().path("error").path("message").asText());
        assertError(http.get(CAPTURES + "/not-a-uuid/diff?baseline=" + baseline, ADMIN), 404, "not_found");

        Response stillRunning = http.get(diff(running, "?baseline=" + baseline), ADMIN);
        assertError(stillRunning, 409, "conflict");
        assertTrue(
                stillRunning.json().path("error").path("message").asText().startsWith("the capture is still running"),
                stillRunning.body());
        Response baselineFailed = get(diff(regressed, "?baseline=" + failed), "application/json");
        assertError(baselineFailed, 409, "conflict");
        assertEquals(
                "the baseline capture failed, it has no samples: the profiler broke",
                baselineFailed.json().path("error").path("message").asText());
        assertError(http.get(diff(wall, "?baseline=" + baseline), ADMIN), 409, "conflict");

        assertError(
                http.get(diff(regressed, "?baseline=" + baseline), TestService.token("alice", Role.USER)),
                403,
                "forbidden");
        assertError(http.get(diff(regressed, "?baseline=" + baseline), null), 401, "unauthenticated");
        assertError(http.delete(diff(regressed, "?baseline=" + baseline), ADMIN), 405, "method_not_allowed");
        assertEquals(before, snapshot(), "no refused request changed a capture");
    }

    private static void assertError(Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
        assertEquals(code, response.errorCode(), response.body());
    }

    private static List<List<Object>> snapshot() {
        return sql.rows("SELECT id, status, samples, md5(coalesce(collapsed, '')), finished_at, error "
                + "FROM profiling_captures ORDER BY id");
    }
}
