package dev.nodes.profiling.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one phase of a scenario measured. Workers record latencies (microseconds) into an HdrHistogram
 * {@link Recorder}, which is wait-free for them; the progress thread drains it once a second into the cumulative
 * histogram, so the per-second line and the final result come from the same samples.
 */
final class RunStats {
    private final Recorder recorder = new Recorder(3);
    private final Histogram cumulative = new Histogram(3);
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private Histogram interval;

    void record(int status, long latencyNanos) {
        // counters first: a reader that takes errors() before drain() never sees more errors than requests
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status < 200 || status >= 300) {
            errors.increment();
        }
        recorder.recordValue(Math.max(0, latencyNanos / 1_000));
    }

    /** Moves what was recorded since the last call into the cumulative histogram; returns that interval's count. */
    synchronized long drain() {
        interval = recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        return interval.getTotalCount();
    }

    /** The cumulative histogram, after {@link #drain()}; the caller must not change it. */
    synchronized Histogram histogram() {
        return cumulative;
    }

    long errors() {
        return errors.sum();
    }

    /** Status code (as text, {@code "0"} for no response) to count, sorted. */
    Map<String, Long> statusCounts() {
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(String.valueOf(status), count.sum()));
        return counts;
    }
}
