package dev.nodes.service.profiling;

import dev.nodes.service.profiling.flamegraph.CollapsedStacks;

/** A way to sample this JVM. */
public interface ProfilerBackend {

    /**
     * Starts sampling the event.
     *
     * @throws ProfilerUnavailableException when this backend cannot sample the event here (library missing,
     *                                      perf events not allowed, profiler busy); the caller may try another
     */
    RunningProfile start(ProfileEvent event);

    /** A profile being taken. */
    interface RunningProfile {
        /** What really samples, e.g. {@code async-profiler 4.6 (itimer)} or {@code jfr (jdk.ExecutionSample)}. */
        String profiler();

        /** Stops sampling and returns what was sampled. */
        CollapsedStacks stop();
    }
}
