package dev.nodes.service.profiling;

/** A profiler backend cannot sample the requested event in this process. */
public final class ProfilerUnavailableException extends RuntimeException {
    public ProfilerUnavailableException(String message) {
        super(message);
    }

    public ProfilerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
