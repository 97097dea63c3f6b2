package dev.nodes.profiling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares each scenario's p95 with the baseline's. A regression is a p95 more than {@code threshold} percent
 * above the baseline's (strictly: exactly the threshold is not one). Scenarios the baseline does not have, or has
 * with no usable p95, are not compared and are listed in {@link Outcome#notCompared()}.
 */
final class BaselineComparison {
    private BaselineComparison() {}

    record Outcome(BenchReport.Comparison comparison, List<String> notCompared) {
        boolean regressed() {
            return !comparison.regressions().isEmpty();
        }

        /** {@link BenchCommand#REGRESSION} when a scenario regressed, else 0. */
        int exitCode() {
            return regressed() ? BenchCommand.REGRESSION : 0;
        }
    }

    static Outcome compare(
            List<BenchReport.ScenarioResult> results, JsonNode baseline, String baselineName, double thresholdPercent) {
        Map<String, Double> baselineP95 = new HashMap<>();
        for (JsonNode result : baseline.path("results")) {
            JsonNode p95 = result.path("latency_ms").path("p95");
            if (result.path("name").isTextual() && p95.isNumber()) {
                baselineP95.put(result.path("name").asText(), p95.asDouble());
            }
        }
        List<BenchReport.Regression> regressions = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        for (BenchReport.ScenarioResult result : results) {
            Double before = baselineP95.get(result.name());
            if (before == null || before <= 0) {
                notCompared.add(result.name());
                continue;
            }
            double change = (result.latencyMs().p95() - before) / before * 100.0;
            if (change > thresholdPercent) {
                regressions.add(new BenchReport.Regression(result.name(), "p95", ReportJson.round(change, 1)));
            }
        }
        return new Outcome(
                new BenchReport.Comparison(baselineName, List.copyOf(regressions)), List.copyOf(notCompared));
    }
}
