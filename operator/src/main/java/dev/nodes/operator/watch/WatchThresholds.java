package dev.nodes.operator.watch;

import dev.nodes.operator.resource.ProfilingSpec;
import dev.nodes.operator.validation.SpecValidator;
import java.time.Duration;

/** The spec's profiling settings, parsed, and the watch's fixed minimums. */
public record WatchThresholds(
        boolean enabled,
        boolean benchmarkAfterMigration,
        int latencyRegressionPercent,
        double cacheHitRatioMin,
        double redisMemoryMaxRatio,
        Duration window,
        Duration cooldown,
        int seconds,
        boolean baselineCapture) {
    /** A family's p95 counts (for the baseline and for comparisons) only from this many requests in the window. */
    public static final long MIN_REQUESTS = 50;
    /** The hit ratio counts only from this many node-cache lookups in the window. */
    public static final long MIN_CACHE_LOOKUPS = 50;

    public static WatchThresholds of(ProfilingSpec p) {
        return new WatchThresholds(
                p.enabled,
                p.benchmarkAfterMigration,
                p.latencyRegressionPercent,
                p.cacheHitRatioMin,
                p.redisMemoryMaxRatio,
                SpecValidator.parseDuration(p.window),
                SpecValidator.parseDuration(p.cooldown),
                p.seconds,
                p.baselineCapture);
    }
}
