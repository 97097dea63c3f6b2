package dev.nodes.service.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.TestService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /metrics after real traffic: promtool finds nothing to complain about, and the contract's metrics are there. */
class MetricsExpositionTest {

    @Test
    void exposedMetricsPassPromtoolAndNameRouteTemplates() throws Exception {
        try (TestService service = TestService.start()) {
            HttpTestClient http = service.http();
            String token = TestService.token("metrics-user", Role.USER);
            long id = http.post("/v1/nodes", token, "{\"title\":\"m\"}")
                    .json()
                    .get("id")
                    .asLong();
            http.get("/v1/nodes/" + id, token);
            http.get("/v1/nodes/" + id, token);
            http.post("/v1/nodes/" + id + "/views", token, "{}");
            http.get("/v1/nodes/does-not-exist", token);
            http.get("/no/such/route/12345", token);
            String exposition = http.get("/metrics", null).body();

            assertTrue(
                    exposition.contains(
                            "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/nodes/{ref}\",status=\"200\"} 2"),
                    "route templates, never raw paths");
            assertTrue(exposition.contains("route=\"/v1/nodes/{ref}\",status=\"404\""));
            assertTrue(exposition.contains("route=\"unmatched\",status=\"404\""), "unknown paths share one label");
            assertTrue(!exposition.contains("12345"), "raw paths never become labels");
            assertTrue(exposition.contains("nodes_views_total{counted=\"true\"} 1.0"));
            for (String name : List.of("db_pool_connections", "jvm_memory_used_bytes")) {
                assertTrue(exposition.contains(name), name);
            }
            assertEquals("", promtoolComplaints(exposition));
        }
    }

    /** Runs {@code promtool check metrics}; its complaints, or "" when it has none. Fails when promtool is missing. */
    static String promtoolComplaints(String exposition) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("promtool", "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed (scripts/ensure-backends.sh installs it)", e);
        }
        try (var in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return output;
    }
}
