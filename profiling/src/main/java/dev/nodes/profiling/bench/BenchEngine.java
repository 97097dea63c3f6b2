package dev.nodes.profiling.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * The load generator as a library, for the subcommands that drive load while they profile ({@code profile},
 * {@code profile-job}): connect to a target with tokens minted from the service's secret, seed through the API,
 * run scenarios one after the other or all at once, compare p95 with a baseline file. Same engine, same numbers
 * (closed loop, coordinated-omission corrected) as {@code bench}.
 */
public final class BenchEngine implements AutoCloseable {
    private static final LoadRunner.Progress QUIET = (scenario, phase, elapsed, rps, requests, errors, p99) -> {};

    private final URI target;
    private final ApiClient api;
    private final Credentials credentials;
    private Fixtures fixtures;

    private BenchEngine(URI target, ApiClient api, Credentials credentials) {
        this.target = target;
        this.api = api;
        this.credentials = credentials;
    }

    /** A scenario run together with others; {@code families} merges the histograms per name prefix ({@code nodes}, ...). */
    public record MixedRun(
            List<BenchReport.ScenarioResult> scenarios,
            Map<String, BenchReport.LatencyMs> families,
            Duration measured) {}

    /** p95 regressions against a baseline file (in {@code var/api-benchmarks.json} format). */
    public record BaselineCheck(List<BenchReport.Regression> regressions, List<String> notCompared) {}

    /** Loopback only, as {@code bench} without {@code --allow-host}: for anything a developer runs. */
    public static URI loopbackTarget(String target) {
        return TargetPolicy.check(target, Set.of());
    }

    /**
     * Any host: only for {@code profile-job}, which runs inside the cluster against the platform's own Service
     * (a cluster DNS name), created by the operator and never typed by hand.
     */
    public static URI inClusterTarget(String target) {
        return TargetPolicy.checkShape(target);
    }

    public static List<String> scenarioNames() {
        return Scenarios.NAMES;
    }

    /**
     * Checks that the target is live and mints the bench callers' tokens (never printed).
     *
     * @param connections how many concurrent requests at most (one kept-alive connection each)
     * @throws IOException when the target does not answer or is not live
     */
    public static BenchEngine connect(URI target, byte[] jwtSecret, int connections) throws IOException {
        return connect(target, jwtSecret, connections, Duration.ofHours(12));
    }

    /** As {@link #connect(URI, byte[], int)}, with tokens valid for {@code tokenTtl} (short-lived in a Job). */
    public static BenchEngine connect(URI target, byte[] jwtSecret, int connections, Duration tokenTtl)
            throws IOException {
        if (jwtSecret.length < BenchOptions.MIN_SECRET_BYTES) {
            throw new IOException("the JWT secret must be at least " + BenchOptions.MIN_SECRET_BYTES
                    + " bytes, as the service requires");
        }
        ApiClient api = new ApiClient(target, connections);
        ApiClient.Response live;
        try {
            live = api.exchange(BenchRequest.get("/health/live", null));
        } catch (IOException e) {
            api.close();
            throw new IOException("the target " + target + " does not answer: " + e, e);
        }
        if (!live.ok()) {
            api.close();
            throw new IOException(
                    "the target " + target + " is not live: GET /health/live answered " + live.describe());
        }
        return new BenchEngine(target, api, Credentials.minted(jwtSecret, tokenTtl));
    }

    public URI target() {
        return target;
    }

    /** The bench admin's token ({@code bench-admin}); for the admin API. Never print it. */
    public String adminToken() {
        return credentials.admin().token();
    }

    /**
     * Seeds what the scenarios need (idempotent, see {@link Seeder}); moderation cases only when asked, so that a
     * run against a real platform can read its moderation queue without adding to it.
     *
     * @throws IOException when seeding fails or leaves a scenario without data
     */
    public void seed(List<String> scenarios, int nodes, boolean createModerationCases, int parallelism, PrintStream out)
            throws IOException {
        Seeder seeder = new Seeder(api, credentials, parallelism, out);
        try {
            fixtures = seeder.seed(
                    nodes,
                    scenarios.stream().anyMatch(Scenarios::needsNodes),
                    scenarios.stream().anyMatch(Scenarios::needsNotifications),
                    createModerationCases && scenarios.stream().anyMatch(Scenarios::needsModeration));
        } catch (SeedException e) {
            throw new IOException("seeding failed: " + e.getMessage(), e);
        }
        for (String name : scenarios) {
            var missing = BenchCommand.missingData(name, fixtures);
            if (missing.isPresent()) {
                throw new IOException(missing.get());
            }
        }
    }

    /** Runs the scenarios one after the other, closed loop, printing the usual progress line every second. */
    public List<BenchReport.ScenarioResult> runEach(
            List<String> scenarios, int concurrency, Duration warmup, Duration duration, PrintStream progress) {
        LoadRunner runner = new LoadRunner(
                api,
                concurrency,
                OptionalDouble.empty(),
                progress == null ? QUIET : BenchCommand.progressPrinter(progress));
        List<BenchReport.ScenarioResult> results = new ArrayList<>();
        for (String name : scenarios) {
            Scenario scenario = Scenarios.build(name, requireFixtures());
            results.add(ReportJson.result(scenario, runner.run(scenario, warmup, duration)));
        }
        return results;
    }

    /**
     * Runs all the scenarios at the same time, each closed loop with {@code concurrencyEach} senders: a mixed load,
     * closer to what a deployed service sees than one route at a time, and every scenario is measured for the
     * whole duration (so a profile taken meanwhile covers all of them).
     */
    public MixedRun runTogether(List<String> scenarios, int concurrencyEach, Duration duration) {
        Fixtures seeded = requireFixtures();
        LoadRunner runner = new LoadRunner(api, concurrencyEach, OptionalDouble.empty(), QUIET);
        List<Scenario> built =
                scenarios.stream().map(name -> Scenarios.build(name, seeded)).toList();
        List<LoadRunner.Measurement> measurements = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LoadRunner.Measurement>> running = new ArrayList<>();
            for (Scenario scenario : built) {
                running.add(drivers.submit(() -> runner.run(scenario, Duration.ZERO, duration)));
            }
            for (Future<LoadRunner.Measurement> future : running) {
                measurements.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the load ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load driver failed: " + e.getCause(), e.getCause());
        }
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        List<BenchReport.ScenarioResult> results = new ArrayList<>();
        Map<String, Histogram> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < built.size(); i++) {
            results.add(ReportJson.result(built.get(i), measurements.get(i)));
            String family = family(built.get(i).name());
            byFamily.computeIfAbsent(family, f -> new Histogram(3))
                    .add(measurements.get(i).reported());
        }
        Map<String, BenchReport.LatencyMs> families = new LinkedHashMap<>();
        byFamily.forEach((family, histogram) -> families.put(family, ReportJson.latency(histogram)));
        return new MixedRun(List.copyOf(results), families, measured);
    }

    /** {@code nodes} for {@code nodes:get}: the part before the colon. */
    public static String family(String scenario) {
        int colon = scenario.indexOf(':');
        return colon < 0 ? scenario : scenario.substring(0, colon);
    }

    /** Compares p95 with the baseline (more than {@code thresholdPercent} above it is a regression). */
    public static BaselineCheck compare(
            List<BenchReport.ScenarioResult> results, Path baseline, double thresholdPercent) throws IOException {
        BaselineComparison.Outcome outcome =
                BaselineComparison.compare(results, ReportJson.read(baseline), baseline.toString(), thresholdPercent);
        return new BaselineCheck(outcome.comparison().regressions(), outcome.notCompared());
    }

    /** Writes results in the {@code var/api-benchmarks.json} format (atomically), e.g. for a later {@code --baseline}. */
    public void write(
            List<BenchReport.ScenarioResult> results,
            int warmupSeconds,
            int durationSeconds,
            int concurrency,
            Path file)
            throws IOException {
        ReportJson.write(
                new BenchReport(
                        ReportJson.timestamp(Instant.now()),
                        target.toString(),
                        new BenchReport.Settings(warmupSeconds, durationSeconds, concurrency, null),
                        results,
                        null),
                file);
    }

    private Fixtures requireFixtures() {
        if (fixtures == null) {
            throw new IllegalStateException("seed before running scenarios");
        }
        return fixtures;
    }

    @Override
    public void close() {
        api.close();
    }
}
