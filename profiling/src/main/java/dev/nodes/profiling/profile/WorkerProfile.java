package dev.nodes.profiling.profile;

import com.sun.management.OperatingSystemMXBean;
import dev.nodes.profiling.admin.AdminHttp;
import dev.nodes.profiling.admin.Capture;
import dev.nodes.profiling.admin.CaptureClient;
import dev.nodes.service.ServiceApp;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import dev.nodes.service.config.AppConfig;
import dev.nodes.service.profiling.AsyncProfilerBackend;
import dev.nodes.service.profiling.FallbackProfiler;
import dev.nodes.service.profiling.JfrBackend;
import dev.nodes.service.profiling.ProfileEvent;
import dev.nodes.service.profiling.ProfilerBackend;
import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvg;
import dev.nodes.service.profiling.flamegraph.FrameStats;
import dev.nodes.service.profiling.flamegraph.TopFrame;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code notifications-worker}: the broadcast worker delivering one {@code all_users} broadcast to many users.
 *
 * <p>By default the service runs in this JVM and is profiled directly ({@link FallbackProfiler}) in wall-clock mode
 * from send-now until the broadcast is sent, and the flame graph keeps only the stacks through
 * {@code BroadcastWorker}: the worker spends most of its time waiting for PostgreSQL's {@code INSERT ... SELECT} of
 * each batch, which a CPU profile does not show at all, and the wall-clock stacks of the other (idle) threads would
 * bury it. The log puts the worker thread's CPU time next to it. With {@code --target} the capture goes through the
 * admin API instead (cpu, the whole process).
 */
final class WorkerProfile {
    static final String NAME = "notifications-worker";
    static final String WORKER_FRAME = "dev/nodes/service/notifications/broadcasts/BroadcastWorker";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(15);
    /**
     * async-profiler's wall clock every 5 ms (the service's captures use 20 ms): a 200 000-user broadcast is
     * delivered in a few seconds, and 20 ms gives the worker thread too few samples. JFR when async-profiler cannot
     * load.
     */
    private static final FallbackProfiler WORKER_PROFILER = new FallbackProfiler(List.of(
            new AsyncProfilerBackend(
                    Map.of(ProfileEvent.WALL, List.of(new AsyncProfilerBackend.Engine("wall", "5ms", "wall 5 ms")))),
            new JfrBackend()));
    /** Idle workers look for due broadcasts this often: the delivery starts right after send-now. */
    static final String POLL_MS = "100";

    private WorkerProfile() {}

    /** Starts the service in this JVM on the database, profiles the worker, stops the service. */
    static void runInProcess(ProfileOptions options, ProfileDatabase database, Path workDir, PrintStream out)
            throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("APP_HTTP_HOST", "127.0.0.1");
        env.put("APP_HTTP_PORT", "0");
        env.put("APP_DB_URL", database.coordinates().url());
        env.put("APP_DB_USER", database.coordinates().user());
        env.put("APP_DB_PASSWORD", database.coordinates().password());
        env.put("APP_MIGRATE_ON_START", "true");
        env.put("APP_JWT_SECRET", secret);
        env.put("APP_DATA_DIR", workDir.toString());
        env.put("APP_NOTIFICATIONS_POLL_MS", POLL_MS);
        AppConfig config = AppConfig.from(env);
        try (ServiceApp app = ServiceApp.start(config, ServiceApp.Mode.SERVE)) {
            long users = database.ensureUsers(options.users());
            out.printf("profile: %s: %d users in the database%n", NAME, users);
            URI target = URI.create("http://127.0.0.1:" + app.port());
            String token =
                    Authenticator.mint(secret.getBytes(StandardCharsets.UTF_8), "profile-admin", Role.ADMIN, 3600);
            try (AdminHttp admin = new AdminHttp(target, token)) {
                profileInProcess(options, config, database, new BroadcastClient(admin), out);
            }
        } catch (SQLException e) {
            throw new IOException("seeding users failed: " + e.getMessage(), e);
        }
    }

    private static void profileInProcess(
            ProfileOptions options,
            AppConfig config,
            ProfileDatabase database,
            BroadcastClient broadcasts,
            PrintStream out)
            throws IOException {
        BroadcastClient.State draft = broadcasts.createAllUsersDraft(
                "Profile broadcast", "A broadcast to every user, sent by the profiling tool.");
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("broadcast-worker-"))
                .findFirst()
                .orElseThrow(() -> new IOException("no broadcast worker thread in this JVM (APP_WORKERS_ENABLED?)"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long workerCpuBefore = threads.getThreadCpuTime(worker.threadId());
        long processCpuBefore = processCpuNanos();

        ProfilerBackend.RunningProfile running = WORKER_PROFILER.start(ProfileEvent.WALL);
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(options.seconds()).toNanos();
        BroadcastClient.State state = broadcasts.sendNow(draft.id());
        out.printf("profile: %s: broadcast %s sent now, profiling with %s%n", NAME, draft.id(), running.profiler());
        while (!state.finished() && System.nanoTime() < deadline) {
            sleep(POLL);
            state = broadcasts.get(draft.id());
        }
        CollapsedStacks all = running.stop();
        double profiledSeconds = (System.nanoTime() - start) / 1e9;
        long workerCpu = threads.getThreadCpuTime(worker.threadId()) - workerCpuBefore;
        long processCpu = processCpuNanos() - processCpuBefore;
        boolean cut = !state.finished();
        state = awaitFinished(broadcasts, state);

        CollapsedStacks workerStacks = CollapsedStacks.of(all.stacks().stream()
                .filter(s -> s.frames().stream().anyMatch(f -> f.startsWith(WORKER_FRAME)))
                .toList());
        String title = String.format(
                Locale.ROOT,
                "%s: broadcast worker delivering an all_users broadcast to %,d users",
                NAME,
                state.total());
        String subtitle = String.format(
                Locale.ROOT,
                "wall clock of the worker thread | %s | %.1f s from send-now",
                running.profiler(),
                profiledSeconds);
        String svg = FlameGraphSvg.render(workerStacks, FlameGraphSvg.Options.titled(title, subtitle));
        Path svgFile = options.outDir().resolve(NAME + ".svg");
        Files.writeString(svgFile, svg, StandardCharsets.UTF_8);

        FrameStats stats = FrameStats.of(workerStacks);
        ProfileLog log = new ProfileLog(NAME + ": flame graph of the broadcast worker delivering a large broadcast")
                .field("reproduce", options.reproduce(ProfileOptions.WORKER))
                .field(
                        "service",
                        "in the tool's JVM (ServiceApp SERVE, one broadcast worker, batches of "
                                + config.notifications().batchSize() + ", APP_NOTIFICATIONS_POLL_MS=" + POLL_MS + "), "
                                + database.describe())
                .machine()
                .field("broadcast", describe(state, config.notifications().batchSize()))
                .field(
                        "capture",
                        String.format(
                                Locale.ROOT,
                                "%.1f s from send-now %s",
                                profiledSeconds,
                                cut
                                        ? "(cut at --seconds " + options.seconds() + "; the delivery went on)"
                                        : "until the broadcast was sent"))
                .field(
                        "profiler",
                        running.profiler() + ", called in-process (FallbackProfiler: async-profiler, else JFR)")
                .field(
                        "event",
                        "wall (wall-clock: the worker mostly waits for PostgreSQL, which cpu sampling"
                                + " does not see)")
                .field(
                        "samples",
                        String.format(
                                Locale.ROOT,
                                "%d on the worker thread (stacks through"
                                        + " BroadcastWorker, the flame graph), of %d over all threads",
                                workerStacks.totalSamples(),
                                all.totalSamples()))
                .field(
                        "cpu",
                        String.format(
                                Locale.ROOT,
                                "worker thread %.2f s of CPU in %.1f s (%.0f %%: the rest it"
                                        + " waits, for PostgreSQL); whole JVM %.2f s",
                                workerCpu / 1e9,
                                profiledSeconds,
                                workerCpu / 1e9 / profiledSeconds * 100,
                                processCpu / 1e9))
                .field("svg", svgFile.getFileName() + " (rendered by the tool from the worker's stacks)");
        Map<String, Long> serviceFrames = new LinkedHashMap<>();
        for (TopFrame f : stats.topByTotal(Integer.MAX_VALUE)) {
            if (f.frame().startsWith("dev/nodes/service/")) {
                serviceFrames.put(f.frame(), f.totalSamples());
            }
        }
        log.frameShares("The service's own frames by total samples", serviceFrames, stats.totalSamples(), 25);
        log.topFrames(stats.topBySelf(ProfileLog.TOP), stats.topByTotal(ProfileLog.TOP));
        Path logFile = options.outDir().resolve(NAME + ".log");
        Files.writeString(logFile, log.text(), StandardCharsets.UTF_8);
        out.printf(
                "profile: wrote %s and %s (%d worker samples of %d with %s)%n",
                svgFile, logFile, workerStacks.totalSamples(), all.totalSamples(), running.profiler());
    }

    /** A running service given by --target: the capture goes through its admin API (cpu, the whole process). */
    static void runAgainstTarget(
            ProfileOptions options, URI target, byte[] secret, Optional<ProfileDatabase> database, PrintStream out)
            throws IOException {
        if (database.isPresent()) {
            try {
                out.printf(
                        "profile: %s: %d users in the database%n",
                        NAME, database.get().ensureUsers(options.users()));
            } catch (SQLException e) {
                throw new IOException("seeding users failed: " + e.getMessage(), e);
            }
        } else {
            out.printf("profile: %s: no --db-url, the broadcast goes to the target's existing users%n", NAME);
        }
        String token = Authenticator.mint(secret, "profile-admin", Role.ADMIN, 3600);
        try (AdminHttp admin = new AdminHttp(target, token)) {
            CaptureClient captures = new CaptureClient(admin);
            captures.checkAdmin();
            BroadcastClient broadcasts = new BroadcastClient(admin);
            BroadcastClient.State draft = broadcasts.createAllUsersDraft(
                    "Profile broadcast", "A broadcast to every user, sent by the profiling tool.");
            Capture capture = captures.start(options.seconds(), EngagementProfile.EVENT);
            BroadcastClient.State state = broadcasts.sendNow(draft.id());
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(options.seconds()).toNanos();
            while (!state.finished() && System.nanoTime() < deadline) {
                sleep(POLL);
                state = broadcasts.get(draft.id());
            }
            capture = captures.awaitFinished(capture.id(), Duration.ofSeconds(options.seconds() + 60L));
            if (!capture.done()) {
                throw new IOException("capture " + capture.id() + " " + capture.status() + ": " + capture.error());
            }
            state = awaitFinished(broadcasts, state);
            String svg = FlameGraphBoxes.retitled(
                    captures.flameGraphSvg(capture.id()),
                    String.format(
                            Locale.ROOT,
                            "%s: broadcast to all users being delivered (%s, %d s, whole process)",
                            NAME,
                            capture.event(),
                            capture.seconds()));
            Path svgFile = options.outDir().resolve(NAME + ".svg");
            Files.writeString(svgFile, svg, StandardCharsets.UTF_8);
            ProfileLog log = new ProfileLog(NAME + ": flame graph of the broadcast worker delivering a large broadcast")
                    .field("reproduce", options.reproduce(ProfileOptions.WORKER))
                    .field("service", target + " (its worker, or another replica's, delivers)")
                    .machine()
                    .field("broadcast", describe(state, 0))
                    .field(
                            "capture",
                            capture.id() + " via POST /v1/admin/profiling/captures, " + capture.seconds()
                                    + " s from send-now (the whole process, every thread)")
                    .field("profiler", capture.profiler())
                    .field("event", capture.event() + " (requested " + EngagementProfile.EVENT + ")")
                    .field("samples", String.valueOf(capture.samples()))
                    .field("svg", svgFile.getFileName() + " (the service's rendering of the capture, retitled)");
            Map<String, Long> serviceFrames = new LinkedHashMap<>();
            FlameGraphBoxes.totals(svg).forEach((frame, samples) -> {
                if (frame.startsWith("dev/nodes/service/")) {
                    serviceFrames.put(frame, samples);
                }
            });
            log.frameShares(
                    "The service's own frames by total samples (summed over the flame graph's boxes)",
                    serviceFrames,
                    capture.samples() == null ? 0 : capture.samples(),
                    25);
            log.topFrames(ProfileLog.bySelf(capture.topFrames()), ProfileLog.byTotal(capture.topFrames()));
            Path logFile = options.outDir().resolve(NAME + ".log");
            Files.writeString(logFile, log.text(), StandardCharsets.UTF_8);
            out.printf(
                    "profile: wrote %s and %s (%d samples with %s)%n",
                    svgFile, logFile, capture.samples(), capture.profiler());
        }
    }

    private static String describe(BroadcastClient.State state, int batchSize) {
        String rate = state.delivery()
                .filter(d -> !d.isZero())
                .map(d -> String.format(
                        Locale.ROOT,
                        ", delivered in %.2f s (%.0f receipts/s%s)",
                        d.toMillis() / 1000.0,
                        state.sent() / (d.toMillis() / 1000.0),
                        batchSize > 0 ? ", " + ((state.total() + batchSize - 1) / batchSize) + " batches" : ""))
                .orElse("");
        return String.format(
                Locale.ROOT,
                "%s all_users, status %s: %d recipients, %d sent, %d failed%s",
                state.id(),
                state.status(),
                state.total(),
                state.sent(),
                state.failed(),
                rate);
    }

    private static BroadcastClient.State awaitFinished(BroadcastClient broadcasts, BroadcastClient.State state)
            throws IOException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (!state.finished()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("broadcast " + state.id() + " not delivered within "
                        + DELIVERY_TIMEOUT.toMinutes() + " min: " + state);
            }
            sleep(Duration.ofMillis(200));
            state = broadcasts.get(state.id());
        }
        return state;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
