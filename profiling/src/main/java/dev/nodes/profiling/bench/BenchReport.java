package dev.nodes.profiling.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The result file {@code var/api-benchmarks.json}, field for field as observability.md specifies (names become
 * snake_case). {@code comparison} is present only when a baseline was given; {@code settings.rate_rps} only in
 * open-loop mode, so that closed- and open-loop results are not compared by mistake. Public for
 * {@link BenchEngine}'s callers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"generatedAt", "target", "settings", "results", "comparison"})
public record BenchReport(
        String generatedAt, String target, Settings settings, List<ScenarioResult> results, Comparison comparison) {

    BenchReport withComparison(Comparison comparison) {
        return new BenchReport(generatedAt, target, settings, results, comparison);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"warmupSeconds", "durationSeconds", "concurrency", "rateRps"})
    public record Settings(int warmupSeconds, int durationSeconds, int concurrency, Double rateRps) {}

    @JsonPropertyOrder({"name", "method", "route", "requests", "errors", "statusCounts", "throughputRps", "latencyMs"})
    public record ScenarioResult(
            String name,
            String method,
            String route,
            long requests,
            long errors,
            Map<String, Long> statusCounts,
            double throughputRps,
            LatencyMs latencyMs) {}

    @JsonPropertyOrder({"p50", "p95", "p99", "max", "mean"})
    public record LatencyMs(double p50, double p95, double p99, double max, double mean) {}

    @JsonPropertyOrder({"baseline", "regressions"})
    public record Comparison(String baseline, List<Regression> regressions) {}

    @JsonPropertyOrder({"name", "metric", "changePercent"})
    public record Regression(String name, String metric, double changePercent) {}
}
