package dev.nodes.service.profiling.flamegraph;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongBiFunction;
import java.util.function.ToLongFunction;

/**
 * A baseline and a regressed profile compared: the baseline's counts are normalised to the regressed total (so
 * the two are read as shares of the same amount of work), on the call tree of the regressed profile with the
 * baseline's samples on the same paths. Growth is ordered exactly, by cross-multiplied integer counts rather than
 * by rounded shares, so equal changes are ties and ties go by name.
 */
public final class FlameGraphDiff {
    private final FrameTree tree;
    private final FrameStats baseline;
    private final FrameStats regressed;
    /** The service's work: what the summary ranks (shares still of all samples); see {@link JitCompilation}. */
    private final FrameStats baselineWork;

    private final FrameStats regressedWork;
    private final long baselineJitSamples;
    private final long regressedJitSamples;

    private FlameGraphDiff(CollapsedStacks baseline, CollapsedStacks regressed) {
        this.tree = FrameTree.diff(baseline, regressed, "all");
        this.baseline = FrameStats.of(baseline);
        this.regressed = FrameStats.of(regressed);
        this.baselineWork = FrameStats.of(JitCompilation.withoutCompilerThreads(baseline));
        this.regressedWork = FrameStats.of(JitCompilation.withoutCompilerThreads(regressed));
        this.baselineJitSamples = JitCompilation.compilerThreadSamples(baseline);
        this.regressedJitSamples = JitCompilation.compilerThreadSamples(regressed);
    }

    /** Frames are compared by {@link ComparableFrames#name}: without kind suffix and hidden-class address. */
    public static FlameGraphDiff of(CollapsedStacks baseline, CollapsedStacks regressed) {
        return new FlameGraphDiff(ComparableFrames.of(baseline), ComparableFrames.of(regressed));
    }

    public long baselineSamples() {
        return baseline.totalSamples();
    }

    public long regressedSamples() {
        return regressed.totalSamples();
    }

    /** Regressed samples per baseline sample; 0 for an empty baseline, whose every count is 0 anyway. */
    public double normalisation() {
        return baselineSamples() == 0 ? 0 : (double) regressedSamples() / baselineSamples();
    }

    public double normalised(long baselineCount) {
        return baselineCount * normalisation();
    }

    /** A baseline count as a percentage of the baseline. */
    public double beforePercent(long baselineCount) {
        return percent(baselineCount, baselineSamples());
    }

    /** A regressed count as a percentage of the regressed profile. */
    public double afterPercent(long regressedCount) {
        return percent(regressedCount, regressedSamples());
    }

    /** The change of share in percentage points. */
    public double deltaPoints(long baselineCount, long regressedCount) {
        return afterPercent(regressedCount) - beforePercent(baselineCount);
    }

    FrameTree tree() {
        return tree;
    }

    /** The share of the baseline's samples on paths the regressed profile never took (the undrawn part). */
    public double baselineOnlyPercent() {
        return beforePercent(baselineOnly(tree.root()));
    }

    private static long baselineOnly(FrameTree.Node node) {
        if (node.samples() == 0) {
            return node.baselineSamples();
        }
        return node.children().stream().mapToLong(FlameGraphDiff::baselineOnly).sum();
    }

    /**
     * The frames whose share of the service's work changed most: the JIT compiler's threads are left out of both the
     * ranking and the shares (their own shares of all samples: {@link DiffSummary#baselineJitPercent},
     * {@link DiffSummary#regressedJitPercent}), so a JVM still warming up does not shrink every other frame.
     */
    public DiffSummary summary(int top) {
        Set<String> names = new TreeSet<>(baselineWork.frames());
        names.addAll(regressedWork.frames());
        int baselineOnlyFrames = (int) baseline.frames().stream()
                .filter(f -> !regressed.frames().contains(f))
                .count();
        return new DiffSummary(
                baselineSamples(),
                regressedSamples(),
                round(normalisation()),
                baselineOnlyFrames,
                round(baselineOnlyPercent()),
                round(beforePercent(baselineJitSamples)),
                round(afterPercent(regressedJitSamples)),
                changes(names, FrameStats::selfSamples, top, true),
                changes(names, FrameStats::totalSamples, top, true),
                changes(names, FrameStats::selfSamples, top, false),
                changes(names, FrameStats::totalSamples, top, false));
    }

    private List<FrameChange> changes(
            Set<String> names, ToLongBiFunction<FrameStats, String> count, int top, boolean grew) {
        ToLongFunction<String> growth = f -> growth(
                count.applyAsLong(baselineWork, f),
                count.applyAsLong(regressedWork, f),
                baselineWork.totalSamples(),
                regressedWork.totalSamples());
        Comparator<String> byGrowth = Comparator.comparingLong(growth);
        return names.stream()
                .filter(f -> Long.signum(growth.applyAsLong(f)) == (grew ? 1 : -1))
                .sorted((grew ? byGrowth.reversed() : byGrowth).thenComparing(Comparator.naturalOrder()))
                .limit(top)
                .map(f -> change(f, count.applyAsLong(baselineWork, f), count.applyAsLong(regressedWork, f)))
                .toList();
    }

    /**
     * A number with the sign and order of the change of share: {@code r/R - b/B} times {@code R*B}, exact in
     * integers; with one side empty, the other side's count alone orders the frames.
     */
    long growth(long baselineCount, long regressedCount) {
        return growth(baselineCount, regressedCount, baselineSamples(), regressedSamples());
    }

    private static long growth(long baselineCount, long regressedCount, long baselineTotal, long regressedTotal) {
        if (baselineTotal == 0) {
            return regressedCount;
        }
        if (regressedTotal == 0) {
            return -baselineCount;
        }
        return Math.subtractExact(
                Math.multiplyExact(regressedCount, baselineTotal), Math.multiplyExact(baselineCount, regressedTotal));
    }

    /** A frame's change as shares of the service's work on each side (all samples when no JIT thread was seen). */
    private FrameChange change(String frame, long baselineCount, long regressedCount) {
        long baselineTotal = baselineWork.totalSamples();
        long regressedTotal = regressedWork.totalSamples();
        double before = percent(baselineCount, baselineTotal);
        double after = percent(regressedCount, regressedTotal);
        double normalised = before * regressedTotal / 100.0;
        return new FrameChange(
                frame,
                baselineCount,
                round(normalised),
                regressedCount,
                round(before),
                round(after),
                round(after - before));
    }

    /** {@code count} as a percentage of {@code total}; 0 of an empty profile. */
    private static double percent(long count, long total) {
        return total == 0 ? 0 : count * 100.0 / total;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
