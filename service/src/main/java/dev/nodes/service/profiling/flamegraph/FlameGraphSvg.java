package dev.nodes.service.profiling.flamegraph;

import java.util.List;

/**
 * A flame graph of one profile as an interactive, self-contained SVG (see {@link FlameGraphDocument}): warm
 * colours by frame kind, tooltips with the frame's name, kind and share.
 */
public final class FlameGraphSvg {
    /**
     * @param title         the heading
     * @param subtitle      a second line (profiler, event, duration), may be empty
     * @param width         the picture's width in pixels
     * @param frameHeight   the height of one frame row in pixels
     * @param minFrameWidth frames narrower than this many pixels are not drawn: their samples stay inside the parent
     */
    public record Options(String title, String subtitle, int width, int frameHeight, double minFrameWidth) {
        public Options {
            if (width < 200 || frameHeight < 8 || minFrameWidth < 0) {
                throw new IllegalArgumentException(
                        "width >= 200, frameHeight >= 8 and minFrameWidth >= 0 are required");
            }
        }

        public static Options titled(String title, String subtitle) {
            return new Options(title, subtitle, 1200, 16, 0.5);
        }

        /** The subtitle followed by what the graph counts. */
        String subtitleWith(String counts) {
            return subtitle == null || subtitle.isBlank() ? counts : subtitle + " | " + counts;
        }
    }

    private FlameGraphSvg() {}

    public static String render(CollapsedStacks profile, Options options) {
        long total = profile.totalSamples();
        String counts = FlameGraphDocument.samples(total) + (total == 0 ? " - nothing was sampled" : "");
        FrameLook look = new FrameLook() {
            @Override
            public String fill(FrameTree.Node node) {
                return node.depth() == 0 ? "#e0c8a0" : FramePalette.color(node.frame());
            }

            @Override
            public String details(FrameTree.Node node) {
                String share = FlameGraphDocument.samples(node.samples()) + ", "
                        + FlameGraphDocument.percent(node.samples() * 100.0 / total);
                return node.depth() == 0
                        ? share
                        : share + ", " + FrameKind.of(node.frame()).description();
            }
        };
        return FlameGraphDocument.render(
                FrameTree.of(profile, "all").root(), options, List.of(options.subtitleWith(counts)), look);
    }
}
