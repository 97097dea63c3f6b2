package dev.nodes.service.profiling;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.Json;
import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvg;
import dev.nodes.service.profiling.flamegraph.FrameStats;
import dev.nodes.service.profiling.flamegraph.TopFrame;

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
            worker = Thread.ofVirtual().name("profiling-capture-" + capture.id()).start(() -> run(capture, request));
        } catch (RuntimeException | Error e) {
            ACTIVE.set(null);
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "profiling capture {0} started by {1}: {2} for {3} s",
                capture.id(), caller.subject(), request.event().wireName(), String.valueOf(request.seconds()));
        return capture;
    }

    public Capture get(UUID id) {
        return repository.find(database.execute(), id).orElseThrow(() -> ApiException.notFound("capture"));
    }

    /** The flame graph of a finished capture; 409 while it runs or when it failed. */
    public String flameGraph(UUID id) {
        Capture capture = get(id);
        if (!capture.status().equals(Capture.DONE)) {
            throw ApiException.conflict(capture.status().equals(Capture.RUNNING)
                    ? "the capture is still running; its flame graph is ready after " + capture.seconds() + " s"
                    : "the capture failed, there is no flame graph: " + capture.error());
        }
        CollapsedStacks stacks = CollapsedStacks.parse(repository.collapsed(database.execute(), id).orElse(""));
        String title = "Flame graph: " + capture.event() + " profile of " + capture.seconds() + " s";
        String subtitle = capture.profiler() + " | capture " + capture.id() + " | started " + Json.timestamp(capture.startedAt());
        return FlameGraphSvg.render(stacks, FlameGraphSvg.Options.titled(title, subtitle));
    }

    private void run(Capture capture, CaptureRequest request) {
        String profilerName = null;
        try {
            ProfilerBackend.RunningProfile running = profiler.start(request.event());
            profilerName = running.profiler();
            boolean stopping = closing.await(request.seconds(), TimeUnit.SECONDS);
            CollapsedStacks stacks = running.stop();
            if (stopping) {
                repository.fail(database.execute(), capture.id(), profilerName, "the service stopped during the capture");
                return;
            }
            List<TopFrame> top = FrameStats.of(stacks).topFrames(TOP_FRAMES);
            // PostgreSQL text cannot hold NUL; a frame name carrying one is not worth failing the capture over
            String collapsed = stacks.toText().replace('\0', '?');
            repository.finish(database.execute(), capture.id(), profilerName, stacks.totalSamples(), collapsed, top);
            LOG.log(System.Logger.Level.INFO, "profiling capture {0} done: {1} samples with {2}",
                    capture.id(), String.valueOf(stacks.totalSamples()), profilerName);
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
            LOG.log(System.Logger.Level.WARNING, "could not record the failure of capture " + id + ": " + e.getMessage());
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
