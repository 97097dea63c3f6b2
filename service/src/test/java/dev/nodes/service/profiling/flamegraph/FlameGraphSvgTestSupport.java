package dev.nodes.service.profiling.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.w3c.dom.Document;

/** SVG checks shared by the service-level tests. */
public final class FlameGraphSvgTestSupport {
    private FlameGraphSvgTestSupport() {}

    /** Parses the SVG with the JDK's XML parser; fails the test when it is not well-formed SVG. */
    public static Document assertWellFormed(String svg) throws Exception {
        Document doc = FlameGraphSvgTest.parse(svg);
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        return doc;
    }
}
