package dev.nodes.profiling.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvg;
import dev.nodes.service.profiling.flamegraph.FrameStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlameGraphBoxesTest {
    private static final CollapsedStacks STACKS = CollapsedStacks.parse("""
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Service.view_[j];org/pg/Stream.read_[j] 30
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Service.view_[i];a/Json.write_[j] 12
            java/lang/Thread.run_[j];a/Routes.handle_[j];a/Auth.verify_[j] 7
            java/lang/Thread.run_[j];b/Other.run_[j];a/Service.view_[0] 5
            start_thread;CompileBroker::compiler_thread_loop 9
            """);

    @Test
    void boxesOfOneFrameAddUpToItsTotalSamples() {
        String svg = FlameGraphSvg.render(STACKS, FlameGraphSvg.Options.titled("Flame graph: cpu profile of 2 s", "x"));
        Map<String, Long> totals = FlameGraphBoxes.totals(svg);
        FrameStats stats = FrameStats.of(STACKS);
        for (String frame : new String[] {
            "a/Service.view",
            "a/Routes.handle",
            "a/Auth.verify",
            "java/lang/Thread.run",
            "CompileBroker::compiler_thread_loop"
        }) {
            assertEquals(stats.totalSamples(frame), totals.get(frame), frame);
        }
        assertFalse(totals.containsKey("all"), "the root box is not a frame");
    }

    @Test
    void retitlingChangesTheTitleAndHeadingOnly() {
        String svg =
                FlameGraphSvg.render(STACKS, FlameGraphSvg.Options.titled("Flame graph: cpu profile of 2 s", "sub"));
        String retitled = FlameGraphBoxes.retitled(svg, "nodes-engagement: POST /v1/nodes/{ref}/views <load>");
        assertTrue(retitled.contains("<title>nodes-engagement: POST /v1/nodes/{ref}/views &lt;load&gt;</title>"));
        assertTrue(retitled.contains("fill=\"#222\">nodes-engagement: POST /v1/nodes/{ref}/views &lt;load&gt;</text>"));
        assertFalse(retitled.contains("Flame graph: cpu profile of 2 s"));
        assertEquals(FlameGraphBoxes.totals(svg), FlameGraphBoxes.totals(retitled));
        assertEquals(
                svg.length()
                        - "Flame graph: cpu profile of 2 s".length() * 2
                        + "nodes-engagement: POST /v1/nodes/{ref}/views &lt;load&gt;".length() * 2,
                retitled.length());
    }
}
