package dev.nodes.service.profiling.flamegraph;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Self and total samples per frame name (kind suffixes removed, so one method compiled and interpreted counts as
 * one frame).
 */
public final class FrameStats {
    private final long totalSamples;
    private final Map<String, long[]> byFrame;

    private FrameStats(long totalSamples, Map<String, long[]> byFrame) {
        this.totalSamples = totalSamples;
        this.byFrame = byFrame;
    }

    public static FrameStats of(CollapsedStacks profile) {
        Map<String, long[]> byFrame = new HashMap<>();
        for (CollapsedStacks.Stack stack : profile.stacks()) {
            // a recursive frame appears several times in one stack but those samples count once in its total
            Set<String> onStack = new HashSet<>();
            for (String frame : stack.frames()) {
                String name = FrameKind.displayName(frame);
                if (onStack.add(name)) {
                    byFrame.computeIfAbsent(name, k -> new long[2])[1] += stack.samples();
                }
            }
            byFrame.get(FrameKind.displayName(stack.leaf()))[0] += stack.samples();
        }
        return new FrameStats(profile.totalSamples(), byFrame);
    }

    public long totalSamples() {
        return totalSamples;
    }

    /** The frame names seen. */
    Set<String> frames() {
        return byFrame.keySet();
    }

    public long selfSamples(String frame) {
        long[] counts = byFrame.get(frame);
        return counts == null ? 0 : counts[0];
    }

    public long totalSamples(String frame) {
        long[] counts = byFrame.get(frame);
        return counts == null ? 0 : counts[1];
    }

    /** The frames with the most self samples (ties: more total samples, then name). Frames with no self time are left out. */
    public List<TopFrame> topBySelf(int limit) {
        return byFrame.entrySet().stream()
                .filter(e -> e.getValue()[0] > 0)
                .map(e -> topFrame(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(TopFrame::selfSamples)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingLong(TopFrame::totalSamples).reversed())
                        .thenComparing(TopFrame::frame))
                .limit(limit)
                .toList();
    }

    /** The frames on the most stacks (ties: more self samples, then name). */
    public List<TopFrame> topByTotal(int limit) {
        return byFrame.entrySet().stream()
                .map(e -> topFrame(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(TopFrame::totalSamples)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingLong(TopFrame::selfSamples).reversed())
                        .thenComparing(TopFrame::frame))
                .limit(limit)
                .toList();
    }

    /**
     * The union of {@link #topBySelf} and {@link #topByTotal} (at most {@code 2 * limit} frames), ordered by self
     * samples: one list from which both views can be recovered, by sorting on either count.
     */
    public List<TopFrame> topFrames(int limit) {
        Map<String, TopFrame> union = new LinkedHashMap<>();
        topBySelf(limit).forEach(f -> union.put(f.frame(), f));
        topByTotal(limit).forEach(f -> union.putIfAbsent(f.frame(), f));
        return union.values().stream()
                .sorted(Comparator.comparingLong(TopFrame::selfSamples)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingLong(TopFrame::totalSamples).reversed())
                        .thenComparing(TopFrame::frame))
                .toList();
    }

    private TopFrame topFrame(String name, long[] counts) {
        return new TopFrame(name, counts[0], percent(counts[0]), counts[1], percent(counts[1]));
    }

    private double percent(long samples) {
        return totalSamples == 0 ? 0 : Math.round(samples * 10_000.0 / totalSamples) / 100.0;
    }
}
