package dev.nodes.service.profiling;

import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import one.profiler.AsyncProfiler;

/**
 * async-profiler through its Java API. For each event it tries its sampling engines in order and reports the one
 * that started. For CPU that is perf_events first, then the timer-based engines: async-profiler's own {@code cpu}
 * event silently falls back to a timer when perf_event_open is refused (kernel.perf_event_paranoid, seccomp), so
 * the perf engine is asked for by name ({@code cpu-clock}, the same software clock {@code cpu} uses) to know
 * which one really ran.
 *
 * <p>Every call into the profiler runs on a platform thread: async-profiler 4.6 finds its JVM thread bridge through
 * the calling thread, and when its first start comes from a virtual thread it fails ("Could not find VMThread
 * bridge") for the rest of the process.
 */
public final class AsyncProfilerBackend implements ProfilerBackend {
    /** One async-profiler start: its {@code event} and {@code interval} arguments and how we name it. */
    public record Engine(String event, String interval, String label) {}

    private static final Map<ProfileEvent, List<Engine>> STANDARD = Map.of(
            ProfileEvent.CPU,
                    List.of(
                            new Engine("cpu-clock", "10ms", "perf_events"),
                            new Engine("ctimer", "10ms", "ctimer"),
                            new Engine("itimer", "10ms", "itimer")),
            ProfileEvent.WALL, List.of(new Engine("wall", "20ms", "wall")),
            ProfileEvent.ALLOC, List.of(new Engine("alloc", "256k", "alloc")));

    private final Map<ProfileEvent, List<Engine>> engines;

    public AsyncProfilerBackend(Map<ProfileEvent, List<Engine>> engines) {
        this.engines = Map.copyOf(engines);
    }

    public static AsyncProfilerBackend standard() {
        return new AsyncProfilerBackend(STANDARD);
    }

    @Override
    public RunningProfile start(ProfileEvent event) {
        return onPlatformThread(() -> startHere(event));
    }

    private RunningProfile startHere(ProfileEvent event) {
        AsyncProfiler profiler = load();
        List<String> failures = new ArrayList<>();
        for (Engine engine : engines.getOrDefault(event, List.of())) {
            try {
                profiler.execute("start,event=" + engine.event() + ",interval=" + engine.interval());
                return new Running(profiler, "async-profiler " + profiler.getVersion() + " (" + engine.label() + ")");
            } catch (IllegalStateException | IllegalArgumentException | IOException e) {
                failures.add(engine.label() + ": " + e.getMessage());
            }
        }
        throw new ProfilerUnavailableException("async-profiler cannot sample " + event.wireName() + " here: "
                + (failures.isEmpty() ? "no engine configured" : String.join("; ", failures)));
    }

    /** Runs the work on the calling thread when it is a platform thread, else on a short-lived platform thread. */
    static <T> T onPlatformThread(Supplier<T> work) {
        if (!Thread.currentThread().isVirtual()) {
            return work.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("async-profiler-call").daemon().start(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the profiler call is short; finish it so its state stays known
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        switch (failure.get()) {
            case null -> {
                return result.get();
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable e -> throw new IllegalStateException(e);
        }
    }

    private static AsyncProfiler load() {
        try {
            return AsyncProfiler.getInstance();
        } catch (Throwable e) { // UnsatisfiedLinkError, a refused System.load, an unsupported platform
            throw new ProfilerUnavailableException("async-profiler's native library cannot be loaded: " + e, e);
        }
    }

    private record Running(AsyncProfiler asyncProfiler, String profiler) implements RunningProfile {

        @Override
        public CollapsedStacks stop() {
            return onPlatformThread(this::stopHere);
        }

        private CollapsedStacks stopHere() {
            try {
                asyncProfiler.execute("stop");
                // "ann" suffixes Java frames with how they ran (_[j] compiled, _[i] interpreted, ...) for the colours
                return CollapsedStacks.parse(asyncProfiler.execute("collapsed,ann"));
            } catch (IOException e) {
                throw new IllegalStateException("async-profiler could not dump its samples: " + e.getMessage(), e);
            }
        }
    }
}
