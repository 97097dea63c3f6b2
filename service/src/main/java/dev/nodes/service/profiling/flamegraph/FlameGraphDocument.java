package dev.nodes.service.profiling.flamegraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a flame graph as one self-contained interactive SVG: the root at the bottom, each frame as wide as its
 * share of the samples, children sorted by name, and an inline script (zoom on click, search, details line) with
 * an inline stylesheet; no external scripts, fonts or stylesheets, so a browser opens the file offline. The script
 * relies on the markup below: frames in {@code <g id="frames">} in preorder (the root first, every frame followed
 * by its subtree), each {@code <g data-s="samples">} (an SVG 2 data attribute) holding its {@code <title>} (the
 * name, a line break, the details), its {@code <rect>} and its label {@code <text>} when it has one. Per-frame
 * markup is kept short (styling shared in CSS, numbers without trailing zeros) because a 20 s capture has
 * thousands of frames.
 */
final class FlameGraphDocument {
    private static final int PAD_X = 10;
    /** The heading's height with one subtitle line; each further line adds {@link #SUBTITLE_LINE}. */
    private static final int HEADER = 62;

    private static final int SUBTITLE_LINE = 18;
    private static final int FOOTER = 30;
    private static final int FONT_SIZE = 12;
    /** Monospace glyphs are about 0.6 em wide; the label budget assumes it (and so does the script). */
    private static final double CHAR_WIDTH = FONT_SIZE * 0.6;
    /** Two characters and ".." at least: a lone letter tells nothing. */
    private static final int MIN_LABEL_CHARS = 4;

    private static final String STYLE = """
            <style>
            #frames rect{rx:2px;ry:2px}
            #frames text{fill:#000;pointer-events:none}
            #frames g{cursor:pointer}
            #frames g:hover rect{stroke:#000;stroke-width:.5px}
            #frames .m rect{fill:#e600e6}
            #frames .p rect{opacity:.5}
            .h{display:none}
            .c{fill:#1a4d8f;cursor:pointer}
            </style>
            """;
    private static final String SCRIPT =
            "<script type=\"text/ecmascript\"><![CDATA[\n" + resource("flamegraph.js") + "]]></script>\n";

    private FlameGraphDocument() {}

    /**
     * @param subtitles the heading lines under the title (the sample count among them), each short enough for the
     *                  width: a centred line too long runs off both edges
     * @param look      colours and tooltips
     */
    static String render(FrameTree.Node root, FlameGraphSvg.Options options, List<String> subtitles, FrameLook look) {
        long total = root.samples();
        double scale = total == 0 ? 0 : (options.width() - 2.0 * PAD_X) / total;
        List<Placed> frames = new ArrayList<>();
        if (total > 0) {
            place(root, PAD_X, scale, options.minFrameWidth(), frames);
        }
        int maxDepth = frames.stream().mapToInt(p -> p.node().depth()).max().orElse(0);
        int width = options.width();
        int header = HEADER + SUBTITLE_LINE * (subtitles.size() - 1);
        int height = header + (maxDepth + 1) * options.frameHeight() + FOOTER;

        StringBuilder svg = new StringBuilder(4096 + frames.size() * 160);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"%d\">\n",
                width,
                height,
                width,
                height,
                FONT_SIZE));
        svg.append("<title>").append(Xml.escape(options.title())).append("</title>\n");
        svg.append(STYLE);
        svg.append("<defs><linearGradient id=\"background\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">"
                + "<stop offset=\"5%\" stop-color=\"#f8f8f8\"/><stop offset=\"95%\" stop-color=\"#f2e8d8\"/>"
                + "</linearGradient></defs>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"url(#background)\"/>\n",
                width,
                height));
        centeredText(svg, width, 24, 17, "bold", options.title());
        for (int i = 0; i < subtitles.size(); i++) {
            centeredText(svg, width, 46 + SUBTITLE_LINE * i, FONT_SIZE, "normal", subtitles.get(i));
        }
        if (!frames.isEmpty()) {
            svg.append(String.format(
                    Locale.ROOT, "<text id=\"reset-zoom\" class=\"c h\" x=\"%d\" y=\"24\">Reset zoom</text>\n", PAD_X));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text id=\"search\" class=\"c\" x=\"%d\" y=\"24\" text-anchor=\"end\">Search</text>\n",
                    width - PAD_X));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text id=\"reset-search\" class=\"c h\" x=\"%d\" y=\"24\" text-anchor=\"end\">Reset search</text>\n",
                    width - PAD_X - 8 * (int) Math.ceil(CHAR_WIDTH)));
        }

        svg.append("<g id=\"frames\">\n");
        for (Placed placed : frames) {
            frame(svg, placed, options, header, maxDepth, look);
        }
        svg.append("</g>\n");
        svg.append(String.format(
                Locale.ROOT, "<text id=\"details\" x=\"%d\" y=\"%d\" fill=\"#333\"> </text>\n", PAD_X, height - 10));
        svg.append(String.format(
                Locale.ROOT,
                "<text id=\"matched\" x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#333\"> </text>\n",
                width - PAD_X,
                height - 10));
        if (!frames.isEmpty()) {
            svg.append(SCRIPT);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Placed(FrameTree.Node node, double x, double width) {}

    /** Preorder, as the script expects; a frame too narrow to draw takes its subtree with it. */
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

    private static void frame(
            StringBuilder svg, Placed placed, FlameGraphSvg.Options options, int header, int maxDepth, FrameLook look) {
        FrameTree.Node node = placed.node();
        String name = name(node);
        int y = header + (maxDepth - node.depth()) * options.frameHeight();
        svg.append("<g data-s=\"")
                .append(node.samples())
                .append("\"><title>")
                .append(Xml.escape(name))
                .append('\n')
                .append(Xml.escape(look.details(node)))
                .append("</title><rect x=\"");
        number(svg, placed.x());
        svg.append("\" y=\"").append(y).append("\" width=\"");
        number(svg, placed.width());
        svg.append("\" height=\"")
                .append(options.frameHeight() - 1)
                .append("\" fill=\"")
                .append(look.fill(node))
                .append("\"/>");
        String label = label(node.depth() == 0 ? "all (" + samples(node.samples()) + ")" : name, placed.width());
        if (!label.isEmpty()) {
            svg.append("<text x=\"");
            number(svg, placed.x() + 3);
            svg.append("\" y=\"");
            number(svg, y + options.frameHeight() - 4.5);
            svg.append("\">").append(Xml.escape(label)).append("</text>");
        }
        svg.append("</g>\n");
    }

    /** The name a frame is shown and searched by: without its kind suffix; the root is "all". */
    static String name(FrameTree.Node node) {
        return node.depth() == 0 ? "all" : FrameKind.displayName(node.frame());
    }

    /** At most two decimals and no trailing zeros: {@code 10}, {@code 354.5}, {@code 1.18}. */
    private static void number(StringBuilder out, double value) {
        long hundredths = Math.round(value * 100);
        out.append(hundredths / 100);
        long fraction = hundredths % 100;
        if (fraction != 0) {
            out.append('.').append(fraction / 10);
            if (fraction % 10 != 0) {
                out.append(fraction % 10);
            }
        }
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
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\" font-weight=\"%s\" fill=\"#222\">%s</text>\n",
                width / 2,
                y,
                size,
                weight,
                Xml.escape(text)));
    }

    static String samples(long samples) {
        return String.format(Locale.ROOT, "%,d %s", samples, samples == 1 ? "sample" : "samples");
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share);
    }

    private static String resource(String name) {
        try (InputStream in = FlameGraphDocument.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.contains("]]>")) {
                throw new IllegalStateException(name + " must not contain ]]>, it is inlined in a CDATA section");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
