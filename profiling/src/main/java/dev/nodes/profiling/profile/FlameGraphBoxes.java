package dev.nodes.profiling.profile;

import dev.nodes.service.profiling.flamegraph.Xml;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the frames back out of a flame graph the service rendered: each box is {@code <g data-s="1234"><title>},
 * the name, a line break, {@code 1,234 samples, 5.67%, kind</title>} (the root box has no kind). Summing the
 * boxes of one name gives its total samples for frames that do not call themselves (a recursive frame would be
 * counted once per level), which holds for the service's own frames this is used for; boxes narrower than half a pixel are not drawn, so small counts can be
 * a little low. Used where only the SVG is available (a capture through the admin API).
 */
final class FlameGraphBoxes {
    private static final Pattern BOX =
            Pattern.compile("<g data-s=\"\\d+\"><title>([^\n<]+)\n([\\d,]+) samples?, [\\d.]+%, [^<]+</title>");

    /** The document's title: the first {@code <title>}, before any box. */
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");

    private FlameGraphBoxes() {}

    /** Samples per frame name (kind not included), summed over its boxes; the root box is left out. */
    static Map<String, Long> totals(String svg) {
        Map<String, Long> totals = new LinkedHashMap<>();
        Matcher m = BOX.matcher(svg);
        while (m.find()) {
            String name = unescape(m.group(1));
            long samples = Long.parseLong(m.group(2).replace(",", ""));
            totals.merge(name, samples, Long::sum);
        }
        return totals;
    }

    /**
     * The same flame graph under another heading: the service titles a capture generically ("Flame graph: cpu
     * profile of 20 s"); an artefact says what it shows. Only the {@code <title>} and the heading line change.
     */
    static String retitled(String svg, String title) {
        Matcher current = TITLE.matcher(svg);
        if (!current.find()) {
            return svg;
        }
        String old = current.group(1);
        String escaped = Xml.escape(title);
        String result = svg.replaceFirst(
                Pattern.quote("<title>" + old + "</title>"),
                Matcher.quoteReplacement("<title>" + escaped + "</title>"));
        return result.replaceFirst(
                Pattern.quote("font-weight=\"bold\" fill=\"#222\">" + old + "</text>"),
                Matcher.quoteReplacement("font-weight=\"bold\" fill=\"#222\">" + escaped + "</text>"));
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
