package dev.nodes.service.profiling;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.Json;
import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.DiffFlameGraphSvg;
import dev.nodes.service.profiling.flamegraph.FlameGraphDiff;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvg;
import dev.nodes.service.profiling.flamegraph.FrameStats;
import dev.nodes.service.profiling.flamegraph.TopFrame;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes profiles of this process in the background and keeps them in PostgreSQL, so any replica can serve the
 * result. One capture at a time per process: the profilers are process-wide (async-profiler is a singleton), so the
 * guard is static and shared by every instance in the JVM.
 */
public final class ProfilingService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProfilingService.class.getName());
    /** top_frames holds the 20 frames with the most self time and the 20 with the most total time. */
    private static final int TOP_FRAMES = 20;
    /** Held from the moment a capture is accepted until its profiler has stopped and its result is stored. */
    private static final AtomicReference<UUID> ACTIVE = new AtomicReference<>();

    private static final UUID RESERVED = new UUID(0, 0);

    private final Database database;
    private final CaptureRepository repository = new CaptureRepository();
    private final ProfilerBackend profiler;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Thread worker;

    public ProfilingService(Database database, ProfilerBackend profiler) {
        this.database = database;
        this.profiler = profiler;
    }

    /** Accepts a capture and starts it on a virtual thread; 409 when one is already running in this process. */
    public Capture start(Caller caller, CaptureRequest request) {
        if (!ACTIVE.compareAndSet(null, RESERVED)) {
            throw ApiException.conflict("a profiling capture is already running in this process");
        }
        Capture capture;
        try {
            capture = repository.insert(database.execute(), request, caller.userId());
            ACTIVE.set(capture.id());
            worker =
                    Thread.ofVirtual().name("profiling-capture-" + capture.id()).start(() -> run(capture, request));
        } catch (RuntimeException | Error e) {
            ACTIVE.set(null);
            throw e;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "profiling capture {0} started by {1}: {2} for {3} s",
                capture.id(),
                caller.subject(),
                request.event().wireName(),
                String.valueOf(request.seconds()));
        return capture;
    }

    public Capture get(UUID id) {
        return repository.find(database.execute(), id).orElseThrow(() -> ApiException.notFound("capture"));
    }

    /** The flame graph of a finished capture; 409 while it runs or when it failed. */
    public String flameGraph(UUID id) {
        Capture capture = requireDone(get(id), "the capture");
        String title = "Flame graph: " + capture.event() + " profile of " + capture.seconds() + " s";
        return FlameGraphSvg.render(stacks(capture), FlameGraphSvg.Options.titled(title, describe(capture)));
    }

    /**
     * The differential flame graph of a capture against a baseline capture: computed from the two stored profiles
     * on every request (both are final once done, so the answer is always the same; not stored, as it is cheap
     * next to the captures and there would be a row for every pair anyone compared).
     */
    public String diffFlameGraph(UUID id, UUID baselineId) {
        CapturePair pair = pair(id, baselineId);
        String title = "Differential flame graph: " + pair.capture().event() + " profile of "
                + pair.capture().seconds() + " s against a baseline of "
                + pair.baseline().seconds() + " s";
        String subtitle =
                describe(pair.capture()) + " | baseline " + pair.baseline().id();
        return DiffFlameGraphSvg.render(pair.diff(), FlameGraphSvg.Options.titled(title, subtitle));
    }

    /** The frames whose share grew and shrank most from the baseline to the capture, {@code top} of each. */
    public CaptureDiff diffSummary(UUID id, UUID baselineId, int top) {
        CapturePair pair = pair(id, baselineId);
        return new CaptureDiff(
                pair.capture().id(),
                pair.baseline().id(),
                pair.capture().event(),
                pair.diff().summary(top));
    }

    private record CapturePair(Capture capture, Capture baseline, FlameGraphDiff diff) {}

    /** 404 when either is unknown, 409 when either is not done or they sampled different events. */
    private CapturePair pair(UUID id, UUID baselineId) {
        Capture capture = get(id);
        Capture baseline = repository
                .find(database.execute(), baselineId)
                .orElseThrow(() -> ApiException.notFound("baseline capture"));
        requireDone(capture, "the capture");
        requireDone(baseline, "the baseline capture");
        if (!capture.event().equals(baseline.event())) {
            throw ApiException.conflict("the capture is a " + capture.event() + " profile and the baseline a "
                    + baseline.event() + " profile: their samples do not compare");
        }
        return new CapturePair(capture, baseline, FlameGraphDiff.of(stacks(baseline), stacks(capture)));
    }

    private static Capture requireDone(Capture capture, String what) {
        if (!capture.status().equals(Capture.DONE)) {
            throw ApiException.conflict(
                    capture.status().equals(Capture.RUNNING)
                            ? what + " is still running; its samples are stored after " + capture.seconds() + " s"
                            : what + " failed, it has no samples: " + capture.error());
        }
        return capture;
    }

    private CollapsedStacks stacks(Capture capture) {
        return CollapsedStacks.parse(
                repository.collapsed(database.execute(), capture.id()).orElse(""));
    }

    private static String describe(Capture capture) {
        return capture.profiler() + " | capture " + capture.id() + " | started " + Json.timestamp(capture.startedAt());
    }

    private void run(Capture capture, CaptureRequest request) {
        String profilerName = null;
        try {
            ProfilerBackend.RunningProfile running = profiler.start(request.event());
            profilerName = running.profiler();
            boolean stopping = closing.await(request.seconds(), TimeUnit.SECONDS);
            CollapsedStacks stacks = running.stop();
            if (stopping) {
                repository.fail(
                        database.execute(), capture.id(), profilerName, "the service stopped during the capture");
                return;
            }
            List<TopFrame> top = FrameStats.of(stacks).topFrames(TOP_FRAMES);
            // PostgreSQL text cannot hold NUL; a frame name carrying one is not worth failing the capture over
            String collapsed = stacks.toText().replace('\0', '?');
            repository.finish(database.execute(), capture.id(), profilerName, stacks.totalSamples(), collapsed, top);
            LOG.log(
                    System.Logger.Level.INFO,
                    "profiling capture {0} done: {1} samples with {2}",
                    capture.id(),
                    String.valueOf(stacks.totalSamples()),
                    profilerName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failQuietly(capture.id(), profilerName, "the capture was interrupted");
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "profiling capture " + capture.id() + " failed", e);
            failQuietly(capture.id(), profilerName, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            ACTIVE.compareAndSet(capture.id(), null);
        }
    }

    private void failQuietly(UUID id, String profilerName, String error) {
        try {
            repository.fail(database.execute(), id, profilerName, error);
        } catch (RuntimeException e) {
            // the row stays 'running' until the abandoned-capture rule reports it as failed
            LOG.log(
                    System.Logger.Level.WARNING,
                    "could not record the failure of capture " + id + ": " + e.getMessage());
        }
    }

    /** Ends a running capture early (recorded as failed) and waits for its profiler to stop. */
    @Override
    public void close() {
        closing.countDown();
        Thread running = worker;
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
