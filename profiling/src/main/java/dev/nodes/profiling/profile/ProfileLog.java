package dev.nodes.profiling.profile;

import dev.nodes.service.profiling.flamegraph.TopFrame;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text file next to a flame graph: what was profiled and how (profiler, event, samples, the load), the
 * command that reproduces it, the frames of the path in question and the top frames by self and by total time.
 */
final class ProfileLog {
    static final int TOP = 20;
    private final StringBuilder text = new StringBuilder();

    ProfileLog(String heading) {
        text.append("# ").append(heading).append('\n');
        field("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    ProfileLog field(String name, String value) {
        text.append(String.format(Locale.ROOT, "%-11s %s%n", name + ":", value));
        return this;
    }

    /** Cores, load and JVM: numbers from a busy two-core machine read differently from a quiet one. */
    ProfileLog machine() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return field(
                "machine",
                String.format(
                        Locale.ROOT,
                        "%d cores, load average %.2f at the start, %s %s, Java %s",
                        Runtime.getRuntime().availableProcessors(),
                        load,
                        System.getProperty("os.name"),
                        System.getProperty("os.arch"),
                        Runtime.version()));
    }

    ProfileLog paragraph(String heading, List<String> lines) {
        text.append('\n').append(heading).append(":\n");
        lines.forEach(line -> text.append("  ").append(line).append('\n'));
        return this;
    }

    /** Frames by their share of all samples (total: on the stack), largest first. */
    ProfileLog frameShares(String heading, Map<String, Long> totals, long samples, int limit) {
        List<String> lines = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> String.format(
                        Locale.ROOT,
                        "%10d %6.2f%%  %s",
                        e.getValue(),
                        samples == 0 ? 0.0 : e.getValue() * 100.0 / samples,
                        e.getKey()))
                .toList();
        return paragraph(heading, lines.isEmpty() ? List.of("(none)") : lines);
    }

    /** The two tables of {@code ProfileSummary}: top frames by self time, then by total time. */
    ProfileLog topFrames(List<TopFrame> bySelf, List<TopFrame> byTotal) {
        table("Top " + TOP + " frames by self time", bySelf);
        table("Top " + TOP + " frames by total time", byTotal);
        return this;
    }

    /** Splits the API's {@code top_frames} (top by self and by total, merged) back into the two views. */
    static List<TopFrame> bySelf(List<TopFrame> frames) {
        return frames.stream()
                .filter(f -> f.selfSamples() > 0)
                .sorted(Comparator.comparingLong(TopFrame::selfSamples)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingLong(TopFrame::totalSamples).reversed())
                        .thenComparing(TopFrame::frame))
                .limit(TOP)
                .toList();
    }

    static List<TopFrame> byTotal(List<TopFrame> frames) {
        return frames.stream()
                .sorted(Comparator.comparingLong(TopFrame::totalSamples)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingLong(TopFrame::selfSamples).reversed())
                        .thenComparing(TopFrame::frame))
                .limit(TOP)
                .toList();
    }

    private void table(String heading, List<TopFrame> frames) {
        text.append('\n').append(heading).append(":\n");
        text.append(String.format(Locale.ROOT, "%10s %7s %10s %7s  %s%n", "self", "self%", "total", "total%", "frame"));
        for (TopFrame f : frames) {
            text.append(String.format(
                    Locale.ROOT,
                    "%10d %6.2f%% %10d %6.2f%%  %s%n",
                    f.selfSamples(),
                    f.selfPercent(),
                    f.totalSamples(),
                    f.totalPercent(),
                    f.frame()));
        }
        if (frames.isEmpty()) {
            text.append("  (no samples)\n");
        }
    }

    String text() {
        return text.toString();
    }
}
