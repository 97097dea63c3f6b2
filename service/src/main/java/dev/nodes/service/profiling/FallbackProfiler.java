package dev.nodes.service.profiling;

import java.util.ArrayList;
import java.util.List;

/** Tries its backends in order and samples with the first that can start; so a capture works wherever JFR does. */
public final class FallbackProfiler implements ProfilerBackend {
    private static final System.Logger LOG = System.getLogger(FallbackProfiler.class.getName());

    private final List<ProfilerBackend> backends;

    public FallbackProfiler(List<ProfilerBackend> backends) {
        this.backends = List.copyOf(backends);
    }

    /** async-profiler (perf_events, then timers), then JFR. */
    public static FallbackProfiler standard() {
        return new FallbackProfiler(List.of(AsyncProfilerBackend.standard(), new JfrBackend()));
    }

    /** JFR only: for JVMs where the native profiler must not be loaded, and to test the fallback. */
    public static FallbackProfiler jfrOnly() {
        return new FallbackProfiler(List.of(new JfrBackend()));
    }

    @Override
    public RunningProfile start(ProfileEvent event) {
        List<String> failures = new ArrayList<>();
        for (ProfilerBackend backend : backends) {
            try {
                return backend.start(event);
            } catch (ProfilerUnavailableException e) {
                LOG.log(System.Logger.Level.INFO, "profiler unavailable, trying the next one: " + e.getMessage());
                failures.add(e.getMessage());
            }
        }
        throw new ProfilerUnavailableException(
                "no profiler can sample " + event.wireName() + ": " + String.join("; ", failures));
    }
}
