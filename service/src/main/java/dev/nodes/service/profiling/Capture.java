package dev.nodes.service.profiling;

import dev.nodes.service.profiling.flamegraph.TopFrame;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A capture as the API shows it. {@code top_frames} is empty until it is done; then it holds the frames with the
 * most self time and those with the most total time, ordered by self samples.
 */
public record Capture(
        UUID id,
        String status,
        String event,
        int seconds,
        String reason,
        Instant startedAt,
        Instant finishedAt,
        String profiler,
        Long samples,
        List<TopFrame> topFrames,
        String error) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
}
