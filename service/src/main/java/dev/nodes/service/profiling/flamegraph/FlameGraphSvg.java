package dev.nodes.service.profiling.flamegraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders collapsed stacks as a self-contained SVG flame graph: the root at the bottom, each frame as wide as its
 * share of the samples, children sorted by name. Hovering a frame shows its name, kind and share (an SVG
 * {@code <title>} tooltip, and a details line kept up to date by a small inline script). No external scripts,
 * fonts or stylesheets, so a browser opens the file directly.
 */
public final class FlameGraphSvg {
    private static final int PAD_X = 10;
    private static final int HEADER = 62;
    private static final int FOOTER = 30;
    private static final int FONT_SIZE = 12;
    /** Monospace glyphs are about 0.6 em wide; the label budget assumes it. */
    private static final double CHAR_WIDTH = FONT_SIZE * 0.6;
    /** Two characters and ".." at least: a lone letter tells nothing. */
    private static final int MIN_LABEL_CHARS = 4;

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
                throw new IllegalArgumentException("width >= 200, frameHeight >= 8 and minFrameWidth >= 0 are required");
            }
        }

        public static Options titled(String title, String subtitle) {
            return new Options(title, subtitle, 1200, 16, 0.5);
        }
    }

    private FlameGraphSvg() {
    }

    public static String render(CollapsedStacks profile, Options options) {
        FrameTree tree = FrameTree.of(profile, "all");
        long total = profile.totalSamples();
        double scale = total == 0 ? 0 : (options.width() - 2.0 * PAD_X) / total;

        List<Placed> frames = new ArrayList<>();
        if (total > 0) {
            place(tree.root(), PAD_X, scale, options.minFrameWidth(), frames);
        }
        int maxDepth = frames.stream().mapToInt(p -> p.node().depth()).max().orElse(0);
        int height = HEADER + (maxDepth + 1) * options.frameHeight() + FOOTER;

        StringBuilder svg = new StringBuilder(256 + frames.size() * 320);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"%d\">\n",
                options.width(), height, options.width(), height, FONT_SIZE));
        svg.append("<title>").append(Xml.escape(options.title())).append("</title>\n");
        svg.append("<defs><linearGradient id=\"background\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">"
                + "<stop offset=\"5%\" stop-color=\"#f8f8f8\"/><stop offset=\"95%\" stop-color=\"#f2e8d8\"/>"
                + "</linearGradient></defs>\n");
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"url(#background)\"/>\n", options.width(), height));
        centeredText(svg, options.width(), 24, 17, "bold", options.title());
        String counts = samples(total) + (total == 0 ? " - nothing was sampled" : "");
        String subtitle = options.subtitle() == null || options.subtitle().isBlank()
                ? counts : options.subtitle() + " | " + counts;
        centeredText(svg, options.width(), 46, FONT_SIZE, "normal", subtitle);

        for (Placed placed : frames) {
            frame(svg, placed, total, options, maxDepth);
        }

        svg.append(String.format(Locale.ROOT,
                "<text id=\"details\" x=\"%d\" y=\"%d\" fill=\"#333\"> </text>\n", PAD_X, height - 10));
        svg.append(SCRIPT);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Placed(FrameTree.Node node, double x, double width) {
    }

    private static void place(FrameTree.Node node, double x, double scale, double minWidth, List<Placed> out) {
        double width = node.samples() * scale;
        if (width < minWidth) {
            return;
        }
        out.add(new Placed(node, x, width));
        double childX = x;
        for (FrameTree.Node child : node.children()) {
            place(child, childX, scale, minWidth, out);
            childX += child.samples() * scale;
        }
    }

    private static void frame(StringBuilder svg, Placed placed, long total, Options options, int maxDepth) {
        FrameTree.Node node = placed.node();
        boolean root = node.depth() == 0;
        String name = root ? "all" : FrameKind.displayName(node.frame());
        String kind = root ? "" : " (" + FrameKind.of(node.frame()).description() + ")";
        String tooltip = name + kind + ": " + samples(node.samples()) + ", " + percent(node.samples(), total);
        double y = HEADER + (maxDepth - node.depth()) * (double) options.frameHeight();
        String fill = root ? "#e0c8a0" : FramePalette.color(node.frame());

        svg.append("<g class=\"f\"><title>").append(Xml.escape(tooltip)).append("</title>");
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\" rx=\"2\" ry=\"2\"/>",
                placed.x(), y, placed.width(), options.frameHeight() - 1, fill));
        String label = label(root ? "all (" + samples(total) + ")" : name, placed.width());
        if (!label.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.1f\" fill=\"#000\">%s</text>",
                    placed.x() + 3, y + options.frameHeight() - 4.5, Xml.escape(label)));
        }
        svg.append("</g>\n");
    }

    /** The label that fits into the frame: the whole name, a truncated one ending in "..", or nothing. */
    static String label(String name, double width) {
        int fits = (int) ((width - 6) / CHAR_WIDTH);
        if (fits < MIN_LABEL_CHARS) {
            return "";
        }
        if (name.length() <= fits) {
            return name;
        }
        int cut = fits - 2;
        if (Character.isHighSurrogate(name.charAt(cut - 1))) {
            cut--;
        }
        return name.substring(0, cut) + "..";
    }

    private static void centeredText(StringBuilder svg, int width, int y, int size, String weight, String text) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\" font-weight=\"%s\" fill=\"#222\">%s</text>\n",
                width / 2, y, size, weight, Xml.escape(text)));
    }

    static String samples(long samples) {
        return String.format(Locale.ROOT, "%,d %s", samples, samples == 1 ? "sample" : "samples");
    }

    private static String percent(long samples, long total) {
        return String.format(Locale.ROOT, "%.2f%%", total == 0 ? 0.0 : samples * 100.0 / total);
    }

    /** Shows the hovered frame in the details line and outlines it; nothing else. */
    private static final String SCRIPT = """
            <script type="text/ecmascript"><![CDATA[
            (function () {
              var details = document.getElementById('details');
              var frames = document.getElementsByClassName('f');
              for (var i = 0; i < frames.length; i++) {
                frames[i].addEventListener('mouseover', function () {
                  details.textContent = this.firstChild.textContent;
                  this.childNodes[1].setAttribute('stroke', '#000');
                });
                frames[i].addEventListener('mouseout', function () {
                  details.textContent = ' ';
                  this.childNodes[1].removeAttribute('stroke');
                });
              }
            })();
            ]]></script>
            """;
}
