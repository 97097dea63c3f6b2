package dev.nodes.service.profiling.flamegraph;

import java.util.List;
import java.util.Locale;

/** The plain-text summary of a profile: its sample count and the top frames by self and by total time. */
public final class ProfileSummary {
    private ProfileSummary() {}

    public static String text(CollapsedStacks profile, int topN) {
        FrameStats stats = FrameStats.of(profile);
        StringBuilder out = new StringBuilder();
        out.append("samples: ").append(stats.totalSamples()).append('\n');
        table(out, "Top " + topN + " frames by self time", stats.topBySelf(topN));
        table(out, "Top " + topN + " frames by total time", stats.topByTotal(topN));
        return out.toString();
    }

    private static void table(StringBuilder out, String heading, List<TopFrame> frames) {
        out.append('\n').append(heading).append(":\n");
        out.append(String.format(Locale.ROOT, "%10s %7s %10s %7s  %s%n", "self", "self%", "total", "total%", "frame"));
        for (TopFrame f : frames) {
            out.append(String.format(
                    Locale.ROOT,
                    "%10d %6.2f%% %10d %6.2f%%  %s%n",
                    f.selfSamples(),
                    f.selfPercent(),
                    f.totalSamples(),
                    f.totalPercent(),
                    f.frame()));
        }
        if (frames.isEmpty()) {
            out.append("  (no samples)\n");
        }
    }
}
