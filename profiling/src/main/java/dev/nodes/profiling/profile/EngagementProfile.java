package dev.nodes.profiling.profile;

import dev.nodes.profiling.admin.AdminHttp;
import dev.nodes.profiling.admin.Capture;
import dev.nodes.profiling.admin.CaptureClient;
import dev.nodes.profiling.bench.BenchEngine;
import dev.nodes.profiling.bench.BenchReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code nodes-engagement}: the register-view path ({@code POST /v1/nodes/{ref}/views}) under closed-loop load from
 * the bench engine, profiled by the service itself through {@code POST /v1/admin/profiling/captures} (event cpu;
 * the service falls back from perf_events to timers to JFR and says which one sampled). The flame graph is the
 * service's own rendering of the capture; the log adds the load's numbers and the service frames' shares.
 */
final class EngagementProfile {
    static final String NAME = "nodes-engagement";
    static final String SCENARIO = "nodes:register-view";
    static final String EVENT = "cpu";
    /**
     * Entry frames that split a CPU profile into what matters here (requests) and what a fresh JVM also does (JIT
     * compiling, collecting garbage): a large compiler share means the warm-up was too short.
     */
    static final Map<String, String> BREAKDOWN = new LinkedHashMap<>();

    static {
        BREAKDOWN.put(
                "HTTP requests (io/helidon/webserver/http1/Http1Connection.handle)",
                "io/helidon/webserver/http1/Http1Connection.handle");
        BREAKDOWN.put(
                "JIT compiler threads (CompileBroker::compiler_thread_loop)", "CompileBroker::compiler_thread_loop");
    }
    /** The load starts this long before the capture and ends as long after it, so it covers all of it. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    record Result(Path svg, Path log, Capture capture) {}

    /** One capture of the register-view path under load, with the load's numbers and the service's CPU time. */
    record Loaded(Capture capture, BenchReport.ScenarioResult measured, double loadSeconds, String cpu) {}

    /** Where the service runs and what it is: the tool's own child JVM (with its CPU time) or a given target. */
    record Service(URI target, byte[] jwtSecret, String description, Optional<ServiceProcess> process) {}

    private EngagementProfile() {}

    static Result run(ProfileOptions options, Service service, PrintStream out) throws IOException {
        try (BenchEngine engine =
                        BenchEngine.connect(service.target(), service.jwtSecret(), options.concurrency() + 4);
                AdminHttp admin = new AdminHttp(service.target(), engine.adminToken())) {
            CaptureClient captures = new CaptureClient(admin);
            Loaded loaded = captureUnderLoad(options, service, engine, captures, null, out);
            Capture capture = loaded.capture();
            BenchReport.ScenarioResult measured = loaded.measured();
            double loadSeconds = loaded.loadSeconds();
            String cpu = loaded.cpu();
            String svg = FlameGraphBoxes.retitled(
                    captures.flameGraphSvg(capture.id()),
                    String.format(
                            Locale.ROOT,
                            "%s: POST /v1/nodes/{ref}/views under load (%s, %d s)",
                            NAME,
                            capture.event(),
                            capture.seconds()));
            Path svgFile = options.outDir().resolve(NAME + ".svg");
            Path logFile = options.outDir().resolve(NAME + ".log");
            Files.writeString(svgFile, svg, StandardCharsets.UTF_8);
            ProfileLog log = new ProfileLog(NAME + ": flame graph of POST /v1/nodes/{ref}/views under load")
                    .field("reproduce", options.reproduce(ProfileOptions.ENGAGEMENT))
                    .field("service", service.description())
                    .machine()
                    .field("load", describeLoad(options, loaded))
                    .field(
                            "capture",
                            capture.id() + " via POST /v1/admin/profiling/captures, " + capture.seconds()
                                    + " s while the load ran")
                    .field("profiler", capture.profiler())
                    .field("event", capture.event() + " (requested " + EVENT + ")")
                    .field("samples", String.valueOf(capture.samples()))
                    .field("svg", svgFile.getFileName() + " (the service's rendering of the capture, retitled)");
            Map<String, Long> boxes = FlameGraphBoxes.totals(svg);
            long samples = capture.samples() == null ? 0 : capture.samples();
            Map<String, Long> where = new LinkedHashMap<>();
            BREAKDOWN.forEach((label, frame) -> where.put(label, boxes.getOrDefault(frame, 0L)));
            log.frameShares(
                    "Where the service's CPU went (entry frames; the rest is other threads)",
                    where,
                    samples,
                    BREAKDOWN.size());
            Map<String, Long> serviceFrames = new LinkedHashMap<>();
            boxes.forEach((frame, n) -> {
                if (frame.startsWith("dev/nodes/service/")) {
                    serviceFrames.put(frame, n);
                }
            });
            log.frameShares(
                    "The service's own frames by total samples (summed over the flame graph's boxes)",
                    serviceFrames,
                    samples,
                    25);
            log.topFrames(ProfileLog.bySelf(capture.topFrames()), ProfileLog.byTotal(capture.topFrames()));
            Files.writeString(logFile, log.text(), StandardCharsets.UTF_8);
            out.printf(
                    "profile: wrote %s and %s (%d samples with %s)%n",
                    svgFile, logFile, capture.samples(), capture.profiler());
            return new Result(svgFile, logFile, capture);
        }
    }

    static String describeLoad(ProfileOptions options, Loaded loaded) {
        BenchReport.ScenarioResult measured = loaded.measured();
        return String.format(
                Locale.ROOT,
                "%s closed loop, %d senders, warm-up %d s, then %.1f s around the capture: %d requests"
                        + " (%.0f/s), %d errors %s, p50 %.3f p95 %.3f p99 %.3f ms (coordinated-omission"
                        + " corrected)%s",
                SCENARIO,
                options.concurrency(),
                options.warmupSeconds(),
                loaded.loadSeconds(),
                measured.requests(),
                measured.throughputRps(),
                measured.errors(),
                measured.statusCounts(),
                measured.latencyMs().p50(),
                measured.latencyMs().p95(),
                measured.latencyMs().p99(),
                loaded.cpu());
    }

    /** Seeds, warms up, then captures {@code options.seconds()} while the load runs; the capture's reason may be null. */
    static Loaded captureUnderLoad(
            ProfileOptions options,
            Service service,
            BenchEngine engine,
            CaptureClient captures,
            String reason,
            PrintStream out)
            throws IOException {
        captures.checkAdmin();
        engine.seed(List.of(SCENARIO), options.seedNodes(), false, 8, out);
        if (options.warmupSeconds() > 0) {
            out.printf("profile: %s warm-up %d s%n", NAME, options.warmupSeconds());
            engine.runEach(
                    List.of(SCENARIO),
                    options.concurrency(),
                    Duration.ZERO,
                    Duration.ofSeconds(options.warmupSeconds()),
                    out);
        }
        Duration load = Duration.ofSeconds(options.seconds()).plus(MARGIN).plus(MARGIN);
        Optional<Duration> cpuBefore = service.process().flatMap(ServiceProcess::cpuTime);
        long loadStart = System.nanoTime();
        Capture capture;
        BenchReport.ScenarioResult measured;
        try (ExecutorService driver = Executors.newSingleThreadExecutor()) {
            Future<List<BenchReport.ScenarioResult>> running = driver.submit(
                    () -> engine.runEach(List.of(SCENARIO), options.concurrency(), Duration.ZERO, load, out));
            Thread.sleep(MARGIN);
            capture = reason == null
                    ? captures.start(options.seconds(), EVENT)
                    : captures.start(options.seconds(), EVENT, reason);
            out.printf("profile: %s capture %s started (%s, %d s)%n", NAME, capture.id(), EVENT, options.seconds());
            measured = running.get().getFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during the load", e);
        } catch (ExecutionException e) {
            throw new IOException("the load failed: " + e.getCause(), e.getCause());
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Optional<Duration> cpuAfter = service.process().flatMap(ServiceProcess::cpuTime);
        capture = captures.awaitFinished(capture.id(), Duration.ofSeconds(options.seconds() + 60L));
        if (!capture.done()) {
            throw new IOException("capture " + capture.id() + " " + capture.status() + ": " + capture.error());
        }
        String cpu = cpuBefore.isPresent() && cpuAfter.isPresent()
                ? String.format(
                        Locale.ROOT,
                        "; the service's JVM used %.1f s of CPU in the %.1f s of load (%.2f cores)",
                        cpuAfter.get().minus(cpuBefore.get()).toMillis() / 1000.0,
                        loadSeconds,
                        cpuAfter.get().minus(cpuBefore.get()).toMillis() / 1000.0 / loadSeconds)
                : "";
        return new Loaded(capture, measured, loadSeconds, cpu);
    }
}
