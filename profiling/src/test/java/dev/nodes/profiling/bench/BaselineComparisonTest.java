package dev.nodes.profiling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

    private static BenchReport.ScenarioResult result(String name, double p95) {
        return new BenchReport.ScenarioResult(
                name,
                "GET",
                "/x",
                100,
                0,
                Map.of("200", 100L),
                50.0,
                new BenchReport.LatencyMs(p95 / 2, p95, p95 * 2, p95 * 3, p95 / 2));
    }

    private static JsonNode baseline(Object... namesAndP95) {
        ObjectNode root = ReportJson.MAPPER.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (int i = 0; i < namesAndP95.length; i += 2) {
            ObjectNode r = results.addObject().put("name", (String) namesAndP95[i]);
            r.putObject("latency_ms").put("p95", (Double) namesAndP95[i + 1]);
        }
        return root;
    }

    @Test
    void aRegressionJustOverTheThresholdExits3() {
        BaselineComparison.Outcome outcome = BaselineComparison.compare(
                List.of(result("nodes:get", 12.01)), baseline("nodes:get", 10.0), "var/base.json", 20.0);
        assertTrue(outcome.regressed());
        assertEquals(3, outcome.exitCode());
        assertEquals("var/base.json", outcome.comparison().baseline());
        assertEquals(
                List.of(new BenchReport.Regression("nodes:get", "p95", 20.1)),
                outcome.comparison().regressions());
    }

    @Test
    void aChangeJustUnderTheThresholdIsNoRegression() {
        BaselineComparison.Outcome outcome = BaselineComparison.compare(
                List.of(result("nodes:get", 11.99)), baseline("nodes:get", 10.0), "b.json", 20.0);
        assertFalse(outcome.regressed());
        assertEquals(0, outcome.exitCode());
        assertEquals(List.of(), outcome.comparison().regressions());
        assertEquals(List.of(), outcome.notCompared());
    }

    @Test
    void improvementsAndExactlyTheThresholdAreNoRegression() {
        BaselineComparison.Outcome outcome = BaselineComparison.compare(
                List.of(result("a", 12.0), result("b", 1.0)), baseline("a", 10.0, "b", 10.0), "b.json", 20.0);
        assertEquals(0, outcome.exitCode());
    }

    @Test
    void scenariosMissingFromTheBaselineAreIgnoredAndReported() {
        BaselineComparison.Outcome outcome = BaselineComparison.compare(
                List.of(result("nodes:get", 100.0), result("ops:health", 1.0), result("nodes:get-miss", 5.0)),
                baseline("ops:health", 1.0, "nodes:get-miss", 0.0),
                "b.json",
                20.0);
        assertEquals(0, outcome.exitCode());
        assertEquals(List.of("nodes:get", "nodes:get-miss"), outcome.notCompared());
    }

    @Test
    void theThresholdIsAnOption() {
        BaselineComparison.Outcome outcome =
                BaselineComparison.compare(List.of(result("x", 10.6)), baseline("x", 10.0), "b.json", 5.0);
        assertEquals(3, outcome.exitCode());
        assertEquals(6.0, outcome.comparison().regressions().getFirst().changePercent());
    }
}
