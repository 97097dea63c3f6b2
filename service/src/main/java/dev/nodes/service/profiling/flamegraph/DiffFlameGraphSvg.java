package dev.nodes.service.profiling.flamegraph;

import java.util.List;
import java.util.Locale;

/**
 * A differential flame graph as an interactive, self-contained SVG (see {@link FlameGraphDocument}): the call tree
 * and widths of the regressed profile, each frame coloured by the change of its self share (red grew, blue shrank,
 * stronger the larger the change against the largest one in the graph; grey unchanged). Self rather than total
 * share, as flamegraph.pl's differential graphs do: the colour lands on the frames where the time itself moved,
 * not on every caller above them. Paths only the baseline took have no width here; the subtitle gives their
 * share and the summary lists their frames.
 */
public final class DiffFlameGraphSvg {
    /** Changes smaller than this many percentage points are drawn as unchanged. */
    private static final double UNCHANGED_POINTS = 0.005;

    private static final String UNCHANGED = "#e4e4e4";

    private DiffFlameGraphSvg() {}

    public static String render(FlameGraphDiff diff, FlameGraphSvg.Options options) {
        FrameTree.Node root = diff.tree().root();
        double largest = largestSelfChange(diff, root);
        // the counts and the legend get a line of their own: with the capture's description one line is too long
        String counts = String.format(
                Locale.ROOT,
                "regressed %s, baseline %s normalised x%.3f%s | "
                        + "red: self share grew, blue: shrank | baseline-only paths (%.2f%% of it) not drawn",
                FlameGraphDocument.samples(diff.regressedSamples()),
                FlameGraphDocument.samples(diff.baselineSamples()),
                diff.normalisation(),
                diff.regressedSamples() == 0 ? " - nothing was sampled" : "",
                diff.baselineOnlyPercent());
        List<String> subtitles =
                options.subtitle() == null || options.subtitle().isBlank()
                        ? List.of(counts)
                        : List.of(options.subtitle(), counts);
        FrameLook look = new FrameLook() {
            @Override
            public String fill(FrameTree.Node node) {
                return color(selfPoints(diff, node), largest);
            }

            @Override
            public String details(FrameTree.Node node) {
                long before = node.baselineSamples();
                return String.format(
                        Locale.ROOT,
                        "%s (%.2f%%), baseline %.2f normalised from %,d (%.2f%%): total %+.2f pp, self %+.2f pp",
                        FlameGraphDocument.samples(node.samples()),
                        diff.afterPercent(node.samples()),
                        diff.normalised(before),
                        before,
                        diff.beforePercent(before),
                        diff.deltaPoints(before, node.samples()),
                        selfPoints(diff, node));
            }
        };
        return FlameGraphDocument.render(root, options, subtitles, look);
    }

    private static double selfPoints(FlameGraphDiff diff, FrameTree.Node node) {
        return diff.deltaPoints(node.baselineSelfSamples(), node.selfSamples());
    }

    /** Over the drawn part: a vanished path must not wash out the colours of the frames that are shown. */
    private static double largestSelfChange(FlameGraphDiff diff, FrameTree.Node node) {
        if (node.samples() == 0) {
            return 0;
        }
        double largest = Math.abs(selfPoints(diff, node));
        for (FrameTree.Node child : node.children()) {
            largest = Math.max(largest, largestSelfChange(diff, child));
        }
        return largest;
    }

    /** Red for growth, blue for shrinkage; the faintest visible tint for the smallest change, full for the largest. */
    static String color(double points, double largest) {
        if (Math.abs(points) < UNCHANGED_POINTS || largest <= 0) {
            return UNCHANGED;
        }
        int fade = (int) Math.round(220 - 200 * Math.min(1, Math.abs(points) / largest));
        return points > 0
                ? String.format(Locale.ROOT, "#ff%02x%02x", fade, fade)
                : String.format(Locale.ROOT, "#%02x%02xff", fade, fade);
    }
}
