package dev.nodes.service.profiling.flamegraph;

/**
 * How one frame's share changed from a baseline to a regressed profile, by self or by total samples (the list it
 * is in says which). {@code baselineNormalised} is the baseline's count scaled to the regressed total; the shares
 * are of each profile's own samples, so {@code deltaPoints} is {@code afterPercent - beforePercent} in percentage
 * points. Shares and the normalised count are rounded to two decimals.
 */
public record FrameChange(
        String frame,
        long baselineSamples,
        double baselineNormalised,
        long regressedSamples,
        double beforePercent,
        double afterPercent,
        double deltaPoints) {}
