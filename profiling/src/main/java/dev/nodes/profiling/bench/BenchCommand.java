package dev.nodes.profiling.bench;

import dev.nodes.profiling.Command;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code bench}: seeds the target through its API, runs the scenarios one after the other, writes the result file
 * and, with a baseline, compares p95 latencies (exit code 3 on a regression).
 */
public final class BenchCommand implements Command {
    public static final int FAILED = 1;
    public static final int REGRESSION = 3;

    @Override
    public String summary() {
        return "HTTP load generator for the service's API; writes var/api-benchmarks.json";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        BenchOptions options;
        Credentials credentials;
        try {
            options = BenchOptions.parse(args);
            credentials = Credentials.from(options);
        } catch (UsageException e) {
            err.println("bench: " + e.getMessage());
            err.print(BenchOptions.USAGE);
            return USAGE;
        }
        try (ApiClient api = new ApiClient(options.target(), options.concurrency())) {
            return run(options, credentials, api, out, err);
        } catch (SeedException e) {
            err.println("bench: seeding failed: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return FAILED;
        }
    }

    private int run(BenchOptions options, Credentials credentials, ApiClient api, PrintStream out, PrintStream err)
            throws IOException {
        ApiClient.Response live;
        try {
            live = api.exchange(BenchRequest.get("/health/live", null));
        } catch (IOException e) {
            throw new IOException("the target " + options.target() + " does not answer: " + e, e);
        }
        if (!live.ok()) {
            throw new IOException(
                    "the target " + options.target() + " is not live: GET /health/live answered " + live.describe());
        }
        out.printf(
                "bench: target %s, %s, concurrency %d, warmup %ds, duration %ds per scenario%n",
                options.target(),
                options.rate().isPresent()
                        ? "open loop at " + options.rate().getAsDouble() + " requests/s"
                        : "closed loop",
                options.concurrency(),
                options.warmupSeconds(),
                options.durationSeconds());

        List<String> names = options.scenarios();
        Seeder seeder = new Seeder(api, credentials, options.concurrency(), out);
        Fixtures fixtures = seeder.seed(
                options.seedNodes(),
                names.stream().anyMatch(Scenarios::needsNodes),
                names.stream().anyMatch(Scenarios::needsNotifications),
                names.stream().anyMatch(Scenarios::needsModeration));
        for (String name : names) {
            Optional<String> missing = missingData(name, fixtures);
            if (missing.isPresent()) {
                throw new SeedException(missing.get());
            }
        }

        LoadRunner runner = new LoadRunner(api, options.concurrency(), options.rate(), progressPrinter(out));
        List<BenchReport.ScenarioResult> results = new ArrayList<>();
        for (String name : names) {
            Scenario scenario = Scenarios.build(name, fixtures);
            boolean cacheRelevant = name.startsWith("nodes:get");
            Optional<CacheCounters> before = cacheRelevant ? CacheCounters.scrape(api) : Optional.empty();
            LoadRunner.Measurement measurement = runner.run(
                    scenario,
                    Duration.ofSeconds(options.warmupSeconds()),
                    Duration.ofSeconds(options.durationSeconds()));
            BenchReport.ScenarioResult result = ReportJson.result(scenario, measurement);
            results.add(result);
            out.printf(
                    "%-27s done: %d requests, %d errors %s, %.1f req/s, p50 %.3f p95 %.3f p99 %.3f max %.3f ms"
                            + " (p99 before coordinated-omission correction: %.3f ms)%n",
                    name,
                    result.requests(),
                    result.errors(),
                    result.statusCounts(),
                    result.throughputRps(),
                    result.latencyMs().p50(),
                    result.latencyMs().p95(),
                    result.latencyMs().p99(),
                    result.latencyMs().max(),
                    measurement.raw().getValueAtPercentile(99) / 1_000.0);
            if (cacheRelevant) {
                out.printf("%-27s %s%n", "", CacheCounters.describe(before, CacheCounters.scrape(api)));
            }
        }

        BenchReport report = new BenchReport(
                ReportJson.timestamp(Instant.now()),
                options.target().toString(),
                new BenchReport.Settings(
                        options.warmupSeconds(),
                        options.durationSeconds(),
                        options.concurrency(),
                        options.rate().isPresent() ? options.rate().getAsDouble() : null),
                List.copyOf(results),
                null);
        int exitCode = 0;
        if (options.baseline().isPresent()) {
            BaselineComparison.Outcome outcome = BaselineComparison.compare(
                    results,
                    ReportJson.read(options.baseline().get()),
                    options.baseline().get().toString(),
                    options.thresholdPercent());
            report = report.withComparison(outcome.comparison());
            if (!outcome.notCompared().isEmpty()) {
                out.println("baseline: not compared (missing from the baseline or without a p95 there): "
                        + String.join(", ", outcome.notCompared()));
            }
            for (BenchReport.Regression r : outcome.comparison().regressions()) {
                out.printf(
                        "baseline: REGRESSION %s p95 %+.1f%% (threshold %.1f%%)%n",
                        r.name(), r.changePercent(), options.thresholdPercent());
            }
            exitCode = outcome.exitCode();
            if (!outcome.regressed()) {
                out.printf("baseline: no p95 regression over %.1f%%%n", options.thresholdPercent());
            }
        }
        ReportJson.write(report, options.out());
        out.println("bench: wrote " + options.out());
        return exitCode;
    }

    static Optional<String> missingData(String name, Fixtures fixtures) {
        return switch (name) {
            case "nodes:get", "nodes:get-by-slug", "nodes:register-view" ->
                fixtures.hotNodes().isEmpty()
                        ? Optional.of(name + ": no published bench node on the target (seed with --seed N)")
                        : Optional.empty();
            case "nodes:get-miss" ->
                fixtures.coldNodes().isEmpty()
                        ? Optional.of(name + ": no bench nodes outside the hot set (seed with --seed N, N >= 20)")
                        : Optional.empty();
            default -> Optional.empty();
        };
    }

    static LoadRunner.Progress progressPrinter(PrintStream out) {
        return (scenario, phase, elapsed, rps, requests, errors, p99) -> out.printf(
                "%-27s %-7s %4ds  %9.1f req/s  %9d requests  %6d errors  p99 %8.3f ms%n",
                scenario, phase, elapsed, rps, requests, errors, p99);
    }
}
