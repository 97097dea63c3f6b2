package dev.nodes.service.profiling;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Role;
import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvgTestSupport;
import dev.nodes.service.profiling.flamegraph.FrameStats;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The admin profiling routes over HTTP, profiling the running service itself. */
class ProfilingApiTest {
    private static final String CAPTURES = "/v1/admin/profiling/captures";
    private static final String ADMIN = TestService.token("root", Role.ADMIN);
    private static final String USER = TestService.token("alice", Role.USER);
    private static TestService service;
    private static HttpTestClient http;
    private static Sql sql;

    @BeforeAll
    static void start() {
        service = TestService.start();
        http = service.http();
        sql = new Sql(service.database());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !http.get(CAPTURES + "/" + id, ADMIN)
                        .json()
                        .path("status")
                        .asText()
                        .equals("running"));
        Response response = http.get(CAPTURES + "/" + id, ADMIN);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    /** Node traffic on platform threads until stopped, so the capture has service code to see. */
    private static final class Traffic implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger requests = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();

        Traffic(int clients) {
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofPlatform().name("traffic-" + i).start(() -> {
                    while (running.get()) {
                        Response created =
                                http.post("/v1/nodes", USER, "{\"title\":\"profiled\",\"content\":\"some text\"}");
                        http.get("/v1/nodes/" + created.json().path("id").asLong(), USER);
                        requests.addAndGet(2);
                    }
                }));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void aWallCaptureOfTheRunningServiceYieldsTopFramesAndAFlameGraph() throws Exception {
        JsonNode capture;
        try (Traffic traffic = new Traffic(3)) {
            Response created = http.post(CAPTURES, ADMIN, "{\"seconds\":1,\"event\":\"wall\"}");
            assertEquals(201, created.status(), created.body());
            JsonNode body = created.json();
            String id = body.path("id").asText();
            assertEquals(CAPTURES + "/" + id, created.header("Location"));
            assertEquals("running", body.path("status").asText());
            assertEquals("wall", body.path("event").asText());
            assertEquals(1, body.path("seconds").asInt());
            assertTrue(
                    body.path("started_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    body.toString());
            assertTrue(body.path("finished_at").isNull(), body.toString());

            capture = awaitFinished(id);
            assertTrue(traffic.requests.get() > 0, "the traffic ran during the capture");
        }
        assertEquals("done", capture.path("status").asText(), capture.toString());
        assertTrue(capture.path("profiler").asText().startsWith("async-profiler "), capture.toString());
        assertTrue(capture.path("samples").asLong() > 0, capture.toString());
        assertFalse(capture.path("finished_at").isNull());
        assertTrue(capture.path("error").isNull());
        JsonNode top = capture.path("top_frames");
        assertTrue(top.isArray() && !top.isEmpty(), capture.toString());
        JsonNode first = top.get(0);
        for (String field : new String[] {"frame", "self_samples", "self_percent", "total_samples", "total_percent"}) {
            assertTrue(first.has(field), first.toString());
        }
        assertTrue(
                first.path("self_samples").asLong()
                        <= first.path("total_samples").asLong(),
                first.toString());

        // the top frames agree with the collapsed stacks kept in PostgreSQL: both views are in the list
        String collapsed = sql.string(
                "SELECT collapsed FROM profiling_captures WHERE id = ?::uuid",
                capture.path("id").asText());
        CollapsedStacks stored = CollapsedStacks.parse(collapsed);
        assertEquals(capture.path("samples").asLong(), stored.totalSamples());
        FrameStats stats = FrameStats.of(stored);
        List<String> listed = new ArrayList<>();
        top.forEach(f -> listed.add(f.path("frame").asText()));
        assertEquals(stats.topBySelf(1).getFirst().frame(), listed.getFirst());
        assertTrue(listed.contains(stats.topByTotal(1).getFirst().frame()), listed.toString());
        assertEquals(
                stats.topBySelf(1).getFirst().selfSamples(),
                first.path("self_samples").asLong());

        Response svg = http.get(CAPTURES + "/" + capture.path("id").asText() + "/flamegraph.svg", ADMIN);
        assertEquals(200, svg.status(), svg.body());
        assertTrue(svg.header("Content-Type").startsWith("image/svg+xml"), svg.header("Content-Type"));
        Document doc = FlameGraphSvgTestSupport.assertWellFormed(svg.body());
        assertTrue(doc.getElementsByTagName("g").getLength() > 1, "frames are drawn");
        assertTrue(svg.body().contains("java/lang/Thread.run"), "platform threads' base frame is in a wall profile");
        assertTrue(svg.body().contains("dev/nodes/service/"), "the service's own code was sampled while serving");
    }

    @Test
    void oneCaptureAtATimeAndNoFlameGraphWhileItRuns() {
        Response first = http.post(CAPTURES, ADMIN, "{\"seconds\":2,\"event\":\"cpu\"}");
        assertEquals(201, first.status(), first.body());
        String id = first.json().path("id").asText();
        long rows = sql.count("profiling_captures");

        Response second = http.post(CAPTURES, ADMIN, "{\"seconds\":1,\"event\":\"alloc\"}");
        Response svgWhileRunning = http.get(CAPTURES + "/" + id + "/flamegraph.svg", ADMIN);
        boolean stillRunning = http.get(CAPTURES + "/" + id, ADMIN)
                .json()
                .path("status")
                .asText()
                .equals("running");
        assertTrue(stillRunning, "the checks above ran while the 2 s capture was running");
        assertEquals(409, second.status(), second.body());
        assertEquals("conflict", second.errorCode());
        assertEquals(rows, sql.count("profiling_captures"), "the refused capture wrote nothing");
        assertEquals(409, svgWhileRunning.status(), svgWhileRunning.body());
        assertEquals("conflict", svgWhileRunning.errorCode());

        JsonNode done = awaitFinished(id);
        assertEquals("done", done.path("status").asText(), done.toString());
        assertTrue(
                done.path("profiler").asText().matches("async-profiler \\S+ \\((perf_events|ctimer|itimer)\\)"),
                done.toString());
        Response svg = http.get(CAPTURES + "/" + id + "/flamegraph.svg", ADMIN);
        assertEquals(200, svg.status(), svg.body());

        // and the next capture is accepted again
        Response next = http.post(CAPTURES, ADMIN, "{\"seconds\":1,\"event\":\"alloc\"}");
        assertEquals(201, next.status(), next.body());
        assertEquals(
                "done",
                awaitFinished(next.json().path("id").asText()).path("status").asText());
    }

    @Test
    void onlyAdminsMayProfile() {
        long rows = sql.count("profiling_captures");
        String someId = CAPTURES + "/7f1c1a52-5cf1-4c0e-9b3e-0b7a3d7c2a11";
        Response post = http.post(CAPTURES, USER, "{\"seconds\":1,\"event\":\"cpu\"}");
        assertEquals(403, post.status(), post.body());
        assertEquals("forbidden", post.errorCode());
        assertEquals(403, http.get(someId, USER).status());
        assertEquals(
                403,
                http.get(someId + "/flamegraph.svg", TestService.token("mod", Role.MODERATOR))
                        .status());

        Response anonymous = http.post(CAPTURES, null, "{\"seconds\":1,\"event\":\"cpu\"}");
        assertEquals(401, anonymous.status(), anonymous.body());
        assertEquals("unauthenticated", anonymous.errorCode());
        assertEquals(401, http.get(someId, null).status());
        assertEquals(401, http.get(someId + "/flamegraph.svg", null).status());
        assertEquals(rows, sql.count("profiling_captures"));
    }

    @Test
    void badBodiesAreRefusedWithTheFieldsAndWriteNothing() {
        long rows = sql.count("profiling_captures");
        assertInvalid("{}", "seconds", "is required", "event", "is required");
        assertInvalid("{\"seconds\":0,\"event\":\"cpu\"}", "seconds", "must be an integer from 1 to 120");
        assertInvalid("{\"seconds\":121,\"event\":\"cpu\"}", "seconds", "must be an integer from 1 to 120");
        assertInvalid("{\"seconds\":1.5,\"event\":\"cpu\"}", "seconds", "must be an integer from 1 to 120");
        assertInvalid("{\"seconds\":\"5\",\"event\":\"cpu\"}", "seconds", "must be an integer from 1 to 120");
        assertInvalid("{\"seconds\":5,\"event\":\"lock\"}", "event", "must be one of alloc, cpu, wall");
        assertInvalid("{\"seconds\":5,\"event\":\"cpu\",\"interval\":1}", "interval", "unknown field");
        assertInvalid("{\"seconds\":null,\"event\":null}", "seconds", "is required", "event", "is required");
        assertInvalid(
                "{\"seconds\":5,\"event\":\"cpu\",\"reason\":\"" + "r".repeat(1001) + "\"}",
                "reason",
                "must be at most 1000 characters");
        assertInvalid("{\"seconds\":5,\"event\":\"cpu\",\"reason\":7}", "reason", "must be a string");

        Response notJson = http.post(CAPTURES, ADMIN, "{\"seconds\":");
        assertEquals(400, notJson.status());
        assertEquals("invalid_json", notJson.errorCode());
        Response array = http.post(CAPTURES, ADMIN, "[1]");
        assertEquals(400, array.status());
        assertEquals("invalid_payload", array.errorCode());
        Response wrongType = http.send("POST", CAPTURES, ADMIN, "seconds=1", "text/plain");
        assertEquals(415, wrongType.status());
        assertEquals(rows, sql.count("profiling_captures"), "no refused request wrote a row");
    }

    private static void assertInvalid(String body, String... fieldsAndReasons) {
        Response response = http.post(CAPTURES, ADMIN, body);
        assertEquals(400, response.status(), body + " -> " + response.body());
        assertEquals("invalid_payload", response.errorCode());
        JsonNode fields = response.json().path("error").path("details").path("fields");
        for (int i = 0; i < fieldsAndReasons.length; i += 2) {
            assertEquals(
                    fieldsAndReasons[i + 1],
                    fields.path(fieldsAndReasons[i]).asText(),
                    body + " -> " + response.body());
        }
    }

    @Test
    void unknownCapturesAreNotFoundAndWrongMethodsRefused() {
        String unknown = CAPTURES + "/7f1c1a52-5cf1-4c0e-9b3e-0b7a3d7c2a11";
        assertEquals("not_found", http.get(unknown, ADMIN).errorCode());
        assertEquals(404, http.get(unknown, ADMIN).status());
        assertEquals(404, http.get(unknown + "/flamegraph.svg", ADMIN).status());
        assertEquals(404, http.get(CAPTURES + "/not-a-uuid", ADMIN).status());
        assertEquals(
                404, http.get(CAPTURES + "/not-a-uuid/flamegraph.svg", ADMIN).status());
        Response delete = http.delete(unknown, ADMIN);
        assertEquals(405, delete.status(), delete.body());
        assertEquals("method_not_allowed", delete.errorCode());
        assertEquals(405, http.get(CAPTURES, ADMIN).status());
    }
}
