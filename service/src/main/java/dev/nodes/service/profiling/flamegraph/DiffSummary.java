package dev.nodes.service.profiling.flamegraph;

import java.util.List;

/**
 * The frames whose share changed most between a baseline and a regressed profile (frames by their
 * {@link ComparableFrames} name: kind suffix and hidden-class address removed), by self and by total samples, the
 * largest change first and ties by name.
 * Frames only the baseline has count as shrunk to 0 %, frames only the regressed profile has as grown from 0 %.
 *
 * @param normalisation       the factor applied to the baseline's counts: regressed samples / baseline samples
 *                            (0 when the baseline is empty)
 * @param baselineOnlyFrames  frame names the regressed profile does not have at all
 * @param baselineOnlyPercent the share of the baseline's samples on call paths the regressed profile lacks (those
 *                            are not drawn in the differential flame graph, whose widths are the regressed samples)
 * @param baselineJitPercent  the share of the baseline's samples in the JIT compiler's threads, which the four
 *                            lists leave out (a JVM just started compiles; that is warm-up, not the service's work)
 * @param regressedJitPercent the same share in the regressed profile
 */
public record DiffSummary(
        long baselineSamples,
        long regressedSamples,
        double normalisation,
        int baselineOnlyFrames,
        double baselineOnlyPercent,
        double baselineJitPercent,
        double regressedJitPercent,
        List<FrameChange> grewBySelf,
        List<FrameChange> grewByTotal,
        List<FrameChange> shrankBySelf,
        List<FrameChange> shrankByTotal) {}
