package dev.nodes.service.profiling.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FlameGraphSvgTest {
    private static final FlameGraphSvg.Options OPTIONS = FlameGraphSvg.Options.titled("Test graph", "cpu, 1 s");

    /** Parses the SVG with the JDK's parser (no DTDs, no external entities): throws when it is not well-formed. */
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The frames drawn, by the first line of their tooltip (the name): the rectangle of each. */
    static Map<String, Element> framesByName(Document doc) {
        Map<String, Element> frames = new HashMap<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (!g.hasAttribute("data-s")) {
                continue;
            }
            String tooltip = g.getElementsByTagName("title").item(0).getTextContent();
            Element rect = (Element) g.getElementsByTagName("rect").item(0);
            frames.put(tooltip.substring(0, tooltip.indexOf('\n')), rect);
        }
        return frames;
    }

    static String tooltip(Element rect) {
        return rect.getParentNode().getFirstChild().getTextContent();
    }

    private static double width(Element rect) {
        return Double.parseDouble(rect.getAttribute("width"));
    }

    @Test
    void isWellFormedSelfContainedSvgWithTitleAndSampleCount() throws Exception {
        String svg = FlameGraphSvg.render(CollapsedStacks.parse("main;a 30\nmain;b 10\n"), OPTIONS);
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals("Test graph", doc.getElementsByTagName("title").item(0).getTextContent());
        assertTrue(svg.contains("cpu, 1 s | 40 samples"), svg);
        // nothing is fetched from elsewhere
        assertFalse(svg.contains("href=\"http"), svg);
        assertFalse(svg.contains("@import"), svg);
        assertFalse(svg.contains("<script src"), svg);
        assertEquals(1, doc.getElementsByTagName("script").getLength());
        assertEquals(1, doc.getElementsByTagName("style").getLength());
        assertNotNull(findById(doc, "details"), "the details line the script writes to");
    }

    private static Element findById(Document doc, String id) {
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            if (id.equals(((Element) texts.item(i)).getAttribute("id"))) {
                return (Element) texts.item(i);
            }
        }
        return null;
    }

    @Test
    void frameWidthsAreProportionalToSamplesAndTooltipsGiveTheShare() throws Exception {
        Document doc = parse(FlameGraphSvg.render(CollapsedStacks.parse("""
                main;handle;parse 30
                main;handle;render 10
                main;idle 60
                """), OPTIONS));
        Map<String, Element> frames = framesByName(doc);
        double all = width(frames.get("all"));
        assertEquals(1180.0, all, 0.01);
        assertEquals(all, width(frames.get("main")), 0.01);
        assertEquals(all * 0.40, width(frames.get("handle")), 0.01);
        assertEquals(all * 0.30, width(frames.get("parse")), 0.01);
        assertEquals(all * 0.10, width(frames.get("render")), 0.01);
        assertEquals(all * 0.60, width(frames.get("idle")), 0.01);
        assertEquals(3.0 * width(frames.get("render")), width(frames.get("parse")), 0.01);

        assertEquals("parse\n30 samples, 30.00%, native", tooltip(frames.get("parse")));
        assertEquals("all\n100 samples, 100.00%", tooltip(frames.get("all")));
        assertEquals(
                "30",
                ((Element) frames.get("parse").getParentNode()).getAttribute("data-s"),
                "the script reads the count");
        // children sit on top of their parent, inside its span
        Element handle = frames.get("handle");
        Element parse = frames.get("parse");
        assertTrue(Double.parseDouble(parse.getAttribute("y")) < Double.parseDouble(handle.getAttribute("y")));
        assertTrue(Double.parseDouble(parse.getAttribute("x")) >= Double.parseDouble(handle.getAttribute("x")));
    }

    @Test
    void escapesMarkupInFrameNames() throws Exception {
        String nasty = "std::vector<int>::push_back&co \"quoted\" 'single'";
        String svg =
                FlameGraphSvg.render(CollapsedStacks.parse("main;" + nasty + " 5\nmain;a/B.<init>_[j] 5\n"), OPTIONS);
        assertFalse(svg.contains("vector<int>"), "a raw < would break the XML");
        assertTrue(svg.contains("std::vector&lt;int&gt;::push_back&amp;co"), svg);
        Document doc = parse(svg);
        Map<String, Element> frames = framesByName(doc);
        assertTrue(frames.containsKey(nasty), frames.keySet().toString());
        assertTrue(
                tooltip(frames.get("a/B.<init>")).endsWith(", JIT compiled"),
                frames.keySet().toString());
    }

    @Test
    void xmlEscapeReplacesCharactersXmlCannotCarry() {
        assertEquals("a&lt;b&gt;&amp;&quot;&apos;", Xml.escape("a<b>&\"'"));
        assertEquals("x\uFFFDy", Xml.escape("x\u0001y"));
        assertEquals("\uD83D\uDE00", Xml.escape("\uD83D\uDE00"));
        assertEquals("\uFFFD", Xml.escape("\uD800"));
    }

    @Test
    void narrowFramesAreNotDrawnAndSmallOnesNotLabelled() throws Exception {
        // of 10,000 samples over 1180 px: 1 sample is 0.118 px, under the 0.5 px minimum, so it stays inside its
        // parent; 10 samples are 1.18 px, drawn but far too narrow for a label
        String svg =
                FlameGraphSvg.render(CollapsedStacks.parse("main;big 9989\nmain;tiny 1\nmain;small 10\n"), OPTIONS);
        Map<String, Element> frames = framesByName(parse(svg));
        assertFalse(frames.containsKey("tiny"), frames.keySet().toString());
        assertEquals(1.18, width(frames.get("small")), 0.01);
        Element small = frames.get("small");
        assertEquals(
                0,
                ((Element) small.getParentNode()).getElementsByTagName("text").getLength(),
                "too narrow for a label");
        assertTrue(svg.contains(">all (10,000 samples)<"), svg);
    }

    @Test
    void labelsAreTruncatedToFit() {
        assertEquals("java/lang/Thread.run", FlameGraphDocument.label("java/lang/Thread.run", 500));
        String cut = FlameGraphDocument.label("java/lang/Thread.run", 60);
        assertTrue(cut.endsWith("..") && cut.length() == 7, cut);
        assertEquals("ja..", FlameGraphDocument.label("java/lang/Thread.run", 36));
        assertEquals("", FlameGraphDocument.label("java/lang/Thread.run", 30), "room for 3 characters: no label");
    }

    @Test
    void coloursFollowTheFrameKindAndAreStablePerName() {
        String java = FramePalette.color("java/lang/Thread.run_[j]");
        assertEquals(java, FramePalette.color("java/lang/Thread.run_[j]"));
        assertNotEquals(java, FramePalette.color("java/lang/Thread.run_[k]"));
        assertEquals(FrameKind.KERNEL, FrameKind.of("do_syscall_64_[k]"));
        assertEquals(FrameKind.NATIVE, FrameKind.of("PlatformMonitor::wait"));
        assertEquals(FrameKind.NATIVE, FrameKind.of("__futex_abstimed_wait_common"));
        assertEquals(FrameKind.JAVA, FrameKind.of("dev/nodes/service/Main.main"));
        assertEquals(FrameKind.JAVA, FrameKind.of("dev.nodes.service.Main.main"));
        assertEquals(FrameKind.INLINED, FrameKind.of("a/B.c_[0]"));
        assertEquals(FrameKind.SPECIAL, FrameKind.of("[unknown]"));
        assertEquals(FrameKind.ALLOCATED_TYPE, FrameKind.of("java.lang.String_[i]"));
        assertEquals(FrameKind.ALLOCATED_TYPE, FrameKind.of("byte[]_[k]"));
        assertEquals(FrameKind.ALLOCATED_TYPE, FrameKind.of("long[]"));
        assertEquals(FrameKind.INTERPRETED, FrameKind.of("java/lang/String.length_[i]"));
        assertEquals(FrameKind.INTERPRETED, FrameKind.of("Main.run_[i]"));
        // warm: red is the strongest channel for every kind
        for (String frame : new String[] {
            "a/B.c_[j]", "a/B.c_[0]", "a/B.c_[i]", "malloc", "do_syscall_64_[k]", "[unknown]", "long[]_[i]"
        }) {
            String c = FramePalette.color(frame);
            int r = Integer.parseInt(c.substring(1, 3), 16);
            int g = Integer.parseInt(c.substring(3, 5), 16);
            int b = Integer.parseInt(c.substring(5, 7), 16);
            assertTrue(r >= g && r >= b, frame + " -> " + c);
        }
    }

    @Test
    void anEmptyProfileStillRendersAValidPicture() throws Exception {
        String svg = FlameGraphSvg.render(CollapsedStacks.parse(""), OPTIONS);
        parse(svg);
        assertTrue(svg.contains("0 samples - nothing was sampled"), svg);
        assertEquals(0, parse(svg).getElementsByTagName("g").getLength() - 1, "no frames in the frames layer");
    }
}
