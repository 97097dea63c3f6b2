package dev.nodes.profiling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    @Test
    void percentilesOfAMicrosecondHistogramInMilliseconds() {
        Histogram micros = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            micros.recordValue(i * 10L); // 10 us .. 10 ms, uniform
        }
        BenchReport.LatencyMs latency = ReportJson.latency(micros);
        assertEquals(5.0, latency.p50(), 0.01);
        assertEquals(9.5, latency.p95(), 0.01);
        assertEquals(9.9, latency.p99(), 0.01);
        assertEquals(10.0, latency.max(), 0.01);
        assertEquals(5.005, latency.mean(), 0.01);
        assertEquals(new BenchReport.LatencyMs(0, 0, 0, 0, 0), ReportJson.latency(new Histogram(3)));
    }

    @Test
    void coordinatedOmissionCorrectionFillsTheStall() {
        // a closed-loop worker sending every 1 ms that met one 100 ms stall: the correction adds the requests it
        // would have sent meanwhile (99, 98, ... 1 ms), so p95 is no longer 1 ms
        Histogram raw = new Histogram(3);
        for (int i = 0; i < 1000; i++) {
            raw.recordValue(1_000);
        }
        raw.recordValue(100_000);
        Histogram corrected = raw.copyCorrectedForCoordinatedOmission(1_000);
        assertEquals(1.0, ReportJson.latency(raw).p95(), 0.01);
        assertTrue(ReportJson.latency(corrected).p99() > 50, String.valueOf(ReportJson.latency(corrected)));
        assertEquals(1100, corrected.getTotalCount());
    }

    @Test
    void theFileHasTheSpecsFieldsInOrderAndNothingElse(@TempDir Path dir) throws IOException {
        BenchReport report = new BenchReport(
                ReportJson.timestamp(Instant.parse("2026-11-25T10:00:00Z")),
                "http://127.0.0.1:8080",
                new BenchReport.Settings(5, 20, 16, null),
                List.of(new BenchReport.ScenarioResult(
                        "nodes:get",
                        "GET",
                        "/v1/nodes/{ref}",
                        10,
                        1,
                        Map.of("200", 9L, "404", 1L),
                        0.5,
                        new BenchReport.LatencyMs(1.9, 3.8, 6.1, 41.0, 2.1))),
                null);
        Path file = dir.resolve("out/api-benchmarks.json");
        ReportJson.write(report, file);
        JsonNode json = ReportJson.read(file);
        assertEquals(List.of("generated_at", "target", "settings", "results"), fields(json));
        assertEquals("2026-11-25T10:00:00.000Z", json.get("generated_at").asText());
        assertEquals(List.of("warmup_seconds", "duration_seconds", "concurrency"), fields(json.get("settings")));
        JsonNode result = json.get("results").get(0);
        assertEquals(
                List.of(
                        "name",
                        "method",
                        "route",
                        "requests",
                        "errors",
                        "status_counts",
                        "throughput_rps",
                        "latency_ms"),
                fields(result));
        assertTrue(result.get("requests").isIntegralNumber());
        assertEquals(9, result.get("status_counts").get("200").asLong());
        assertTrue(result.get("throughput_rps").isFloatingPointNumber());
        assertEquals(List.of("p50", "p95", "p99", "max", "mean"), fields(result.get("latency_ms")));
        assertEquals(41.0, result.get("latency_ms").get("max").asDouble());

        BenchReport compared = report.withComparison(new BenchReport.Comparison(
                "var/base.json", List.of(new BenchReport.Regression("nodes:get", "p95", 23.4))));
        ReportJson.write(compared, file);
        JsonNode again = ReportJson.read(file);
        assertEquals(List.of("baseline", "regressions"), fields(again.get("comparison")));
        assertEquals(
                List.of("name", "metric", "change_percent"),
                fields(again.get("comparison").get("regressions").get(0)));
        assertEquals(
                23.4,
                again.get("comparison")
                        .get("regressions")
                        .get(0)
                        .get("change_percent")
                        .asDouble());
    }

    @Test
    void openLoopRunsRecordTheirRate(@TempDir Path dir) throws IOException {
        BenchReport report = new BenchReport(
                ReportJson.timestamp(Instant.now()),
                "http://127.0.0.1:8080",
                new BenchReport.Settings(0, 1, 4, 200.0),
                List.of(),
                null);
        ReportJson.write(report, dir.resolve("r.json"));
        JsonNode settings = ReportJson.read(dir.resolve("r.json")).get("settings");
        assertEquals(200.0, settings.get("rate_rps").asDouble());
        assertFalse(ReportJson.read(dir.resolve("r.json")).has("comparison"));
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
