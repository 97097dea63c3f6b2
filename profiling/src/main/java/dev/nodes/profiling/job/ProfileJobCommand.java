package dev.nodes.profiling.job;

import dev.nodes.profiling.Command;
import dev.nodes.profiling.JwtSecret;
import dev.nodes.profiling.admin.AdminHttp;
import dev.nodes.profiling.admin.Capture;
import dev.nodes.profiling.admin.CaptureClient;
import dev.nodes.profiling.bench.BenchEngine;
import dev.nodes.profiling.bench.BenchReport;
import dev.nodes.profiling.bench.UsageException;
import dev.nodes.service.profiling.flamegraph.TopFrame;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code profile-job}: what the operator's profiling Job runs inside the service image. Seeds a little bench data,
 * runs a short mixed benchmark against the Service and, in {@code profile} mode, takes a capture through the admin
 * API while the benchmark runs; then writes one JSON line to the termination log (see {@link TerminationMessage}).
 * Every failure, a bad command line included, ends as {@code "result":"failed"} with exit code 1, so the operator
 * always has a reason to show.
 *
 * <p>Unlike {@code bench} and {@code profile} it accepts any target host: it runs inside Kubernetes against the
 * platform's Service (a cluster DNS name) and is started by the operator, not typed by a developer.
 */
public final class ProfileJobCommand implements Command {
    /** One scenario per route a deployed service serves a lot of; all reads except register-view. */
    static final List<String> SCENARIOS = List.of(
            "nodes:get",
            "nodes:get-by-slug",
            "nodes:list-author",
            "nodes:register-view",
            "notifications:inbox",
            "notifications:unread-count",
            "moderation:list-filtered");
    /** A scenario with more non-2xx answers than this share makes the run failed: its numbers would mislead. */
    static final double MAX_ERROR_RATIO = 0.01;
    /** The capture starts this long after the measured load, so that the load covers all of it. */
    private static final Duration CAPTURE_DELAY = Duration.ofMillis(500);

    @Override
    public String summary() {
        return "the operator's profiling Job: short benchmark (+ capture), one JSON line to /dev/termination-log";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(ProfileJobOptions.USAGE);
            return 0;
        }
        var terminationLog = ProfileJobOptions.terminationLogOf(args);
        TerminationMessage message;
        try {
            ProfileJobOptions options = ProfileJobOptions.parse(args);
            terminationLog = options.terminationLog();
            message = run(options, out);
        } catch (UsageException e) {
            err.println("profile-job: " + e.getMessage());
            message = TerminationMessage.failed(null, "bad command line: " + e.getMessage());
        }
        String line = message.jsonLine();
        out.println("profile-job: " + line);
        try {
            message.write(terminationLog);
        } catch (IOException | RuntimeException e) {
            err.println("profile-job: cannot write the termination log " + terminationLog + ": " + e);
        }
        return message.exitCode();
    }

    private TerminationMessage run(ProfileJobOptions options, PrintStream out) {
        // the reason goes to the Job's log (kept a day) and is stored with the capture
        out.printf(
                "profile-job: %s against %s, %d s (warm-up %d s), concurrency %d per scenario%s%n",
                options.mode(),
                options.target(),
                options.seconds(),
                options.warmupSeconds(),
                options.concurrency(),
                options.reason().isEmpty() ? "" : ", reason: " + options.reason());
        byte[] secret;
        try {
            secret = JwtSecret.fromFile("--jwt-secret-file", options.jwtSecretFile());
        } catch (UsageException e) {
            return TerminationMessage.failed(null, e.getMessage());
        }
        int connections = SCENARIOS.size() * options.concurrency() + 4;
        UUID captureId = null;
        // the tokens live as long as the run can (the operator's deadline is 3 x seconds + 300), no longer
        Duration tokenTtl = Duration.ofSeconds(3L * options.seconds() + 300 + options.warmupSeconds());
        try (BenchEngine engine = BenchEngine.connect(options.target(), secret, connections, tokenTtl);
                AdminHttp admin = new AdminHttp(options.target(), engine.adminToken())) {
            CaptureClient captures = new CaptureClient(admin);
            captures.checkAdmin();
            engine.seed(SCENARIOS, options.seedNodes(), false, 8, out);
            if (options.warmupSeconds() > 0) {
                engine.runTogether(SCENARIOS, options.concurrency(), Duration.ofSeconds(options.warmupSeconds()));
            }
            int captureSeconds = Math.min(options.seconds(), CaptureClient.MAX_SECONDS);
            Duration measured = Duration.ofSeconds(options.seconds())
                    .plus(options.profiling() ? Duration.ofSeconds(1) : Duration.ZERO);
            Capture capture = null;
            String captureProblem = null;
            BenchEngine.MixedRun run;
            try (ExecutorService load = Executors.newSingleThreadExecutor()) {
                Future<BenchEngine.MixedRun> running =
                        load.submit(() -> engine.runTogether(SCENARIOS, options.concurrency(), measured));
                if (options.profiling()) {
                    Thread.sleep(CAPTURE_DELAY);
                    try {
                        capture = captures.start(captureSeconds, options.event(), options.reason());
                        captureId = capture.id();
                        out.printf(
                                "profile-job: capture %s started (%s, %d s)%n",
                                capture.id(), options.event(), captureSeconds);
                    } catch (IOException e) {
                        captureProblem = e.getMessage();
                    }
                }
                run = running.get();
            }
            report(run, out);
            if (options.out().isPresent()) {
                engine.write(
                        run.scenarios(),
                        options.warmupSeconds(),
                        options.seconds(),
                        options.concurrency(),
                        options.out().get());
                out.println("profile-job: wrote " + options.out().get());
            }
            if (capture != null) {
                capture = captures.awaitFinished(capture.id(), Duration.ofSeconds(captureSeconds + 60L));
                out.printf(
                        "profile-job: capture %s %s: %s samples with %s%s%n",
                        capture.id(),
                        capture.status(),
                        capture.samples(),
                        capture.profiler(),
                        capture.error() == null ? "" : ", " + capture.error());
                capture.topFrames().stream()
                        .limit(10)
                        .forEach(f -> out.printf(
                                "  self %6.2f%%  total %6.2f%%  %s%n", f.selfPercent(), f.totalPercent(), f.frame()));
            }
            CaptureComparison comparison = null;
            if (capture != null && capture.done() && options.comparesWithBaseline()) {
                comparison = CaptureComparison.of(captures, capture.id(), options.baselineCapture());
                out.println("profile-job: " + comparison.note());
            }
            return outcome(options, run, capture, captureProblem, comparison);
        } catch (IOException e) {
            return TerminationMessage.failed(captureId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TerminationMessage.failed(captureId, "interrupted");
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return TerminationMessage.failed(captureId, "the benchmark failed: " + cause);
        }
    }

    private static TerminationMessage outcome(
            ProfileJobOptions options,
            BenchEngine.MixedRun run,
            Capture capture,
            String captureProblem,
            CaptureComparison comparison)
            throws IOException {
        String benchmark = benchmarkText(run);
        List<String> erroneous = new ArrayList<>();
        for (BenchReport.ScenarioResult r : run.scenarios()) {
            if (r.requests() == 0 || r.errors() > r.requests() * MAX_ERROR_RATIO) {
                erroneous.add(r.name() + " " + r.errors() + "/" + r.requests() + " " + r.statusCounts());
            }
        }
        UUID captureId = capture == null ? null : capture.id();
        if (!erroneous.isEmpty()) {
            return TerminationMessage.failed(
                    captureId,
                    "errors over " + Math.round(MAX_ERROR_RATIO * 100) + " %: " + String.join(", ", erroneous) + "; "
                            + benchmark);
        }
        if (options.profiling() && capture == null) {
            return TerminationMessage.failed(null, "the capture could not start: " + captureProblem + "; " + benchmark);
        }
        if (capture != null && !capture.done()) {
            return TerminationMessage.failed(
                    captureId, "capture " + capture.status() + ": " + capture.error() + "; " + benchmark);
        }
        String captureText = capture == null ? null : captureText(capture);
        String result = TerminationMessage.OK;
        String regressions = null;
        if (options.baseline().isPresent()) {
            BenchEngine.BaselineCheck check =
                    BenchEngine.compare(run.scenarios(), options.baseline().get(), options.thresholdPercent());
            if (!check.regressions().isEmpty()) {
                result = TerminationMessage.REGRESSED;
                regressions = "p95 over baseline +" + fmt(options.thresholdPercent()) + "%: "
                        + String.join(
                                ", ",
                                check.regressions().stream()
                                        .map(r -> r.name() + " +" + fmt(r.changePercent()) + "%")
                                        .toList());
            }
        }
        List<String> parts = new ArrayList<>();
        if (regressions != null) {
            parts.add(regressions);
        }
        if (comparison != null) {
            parts.add(comparison.note()); // what grew: the first thing an engineer on call wants
        }
        parts.add(benchmark);
        if (captureText != null) {
            parts.add(captureText);
        }
        parts.add(scenarioText(run));
        return comparison == null
                ? new TerminationMessage(result, captureId, String.join("; ", parts))
                : new TerminationMessage(
                        result,
                        captureId,
                        String.join("; ", parts),
                        comparison.baselineCaptureId(),
                        comparison.grewFrames());
    }

    /** {@code p95 ms nodes 3.1, notifications 2.0, moderation 4.2 (mixed load 30 s: 7 scenarios, 12345 requests, 0 errors)}. */
    static String benchmarkText(BenchEngine.MixedRun run) {
        long requests = run.scenarios().stream()
                .mapToLong(BenchReport.ScenarioResult::requests)
                .sum();
        long errors = run.scenarios().stream()
                .mapToLong(BenchReport.ScenarioResult::errors)
                .sum();
        List<String> families = new ArrayList<>();
        run.families().forEach((family, latency) -> families.add(family + " " + fmt(latency.p95())));
        return "p95 ms " + String.join(", ", families) + " (mixed load "
                + Math.round(run.measured().toMillis() / 1000.0) + " s: "
                + run.scenarios().size() + " scenarios, " + requests + " requests, " + errors + " errors)";
    }

    static String scenarioText(BenchEngine.MixedRun run) {
        return "p95 ms per scenario: "
                + String.join(
                        ", ",
                        run.scenarios().stream()
                                .map(r -> r.name() + " " + fmt(r.latencyMs().p95()))
                                .toList());
    }

    static String captureText(Capture capture) {
        // the top Java frame: kernel and JVM-internal frames (no package) say little in one line
        String top = capture.topFrames().stream()
                .filter(f -> f.selfSamples() > 0 && f.frame().contains("/"))
                .max(Comparator.comparingLong(TopFrame::selfSamples))
                .map(f ->
                        "; top Java self " + CaptureComparison.shortFrame(f.frame()) + " " + fmt(f.selfPercent()) + "%")
                .orElse("");
        return "capture " + capture.event() + " " + capture.samples() + " samples with " + capture.profiler() + top;
    }

    private static void report(BenchEngine.MixedRun run, PrintStream out) {
        for (BenchReport.ScenarioResult r : run.scenarios()) {
            out.printf(
                    Locale.ROOT,
                    "%-27s %8d requests %5d errors %s %9.1f req/s  p50 %.3f p95 %.3f p99 %.3f ms%n",
                    r.name(),
                    r.requests(),
                    r.errors(),
                    r.statusCounts(),
                    r.throughputRps(),
                    r.latencyMs().p50(),
                    r.latencyMs().p95(),
                    r.latencyMs().p99());
        }
        run.families()
                .forEach((family, l) -> out.printf(
                        Locale.ROOT,
                        "%-27s p50 %.3f p95 %.3f p99 %.3f ms%n",
                        family + " (all)",
                        l.p50(),
                        l.p95(),
                        l.p99()));
    }

    /** Three significant digits or so: 0.412, 3.12, 41.2, 412. */
    static String fmt(double value) {
        String pattern = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : value >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
