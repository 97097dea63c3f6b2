package dev.nodes.service.profiling.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class FlameGraphDiffTest {
    private static final FlameGraphSvg.Options OPTIONS = FlameGraphSvg.Options.titled("Diff", "cpu");

    private static FlameGraphDiff diff(String baseline, String regressed) {
        return FlameGraphDiff.of(CollapsedStacks.parse(baseline), CollapsedStacks.parse(regressed));
    }

    private static List<String> names(List<FrameChange> changes) {
        return changes.stream().map(FrameChange::frame).toList();
    }

    @Test
    void theBaselineIsNormalisedToTheRegressedTotal() {
        // 20 baseline samples against 40 regressed: every baseline count is doubled
        FlameGraphDiff diff = diff("main;a 10\nmain;b 10\n", "main;a 30\nmain;b 10\n");
        assertEquals(2.0, diff.normalisation());
        assertEquals(20.0, diff.normalised(10));
        DiffSummary summary = diff.summary(10);
        assertEquals(20, summary.baselineSamples());
        assertEquals(40, summary.regressedSamples());
        assertEquals(List.of(new FrameChange("a", 10, 20.0, 30, 50.0, 75.0, 25.0)), summary.grewBySelf());
        assertEquals(List.of(new FrameChange("b", 10, 20.0, 10, 50.0, 25.0, -25.0)), summary.shrankBySelf());
        // main is on every stack in both: its total share did not change, so it is in neither list
        assertEquals(List.of("a"), names(summary.grewByTotal()));
        assertEquals(List.of("b"), names(summary.shrankByTotal()));
        assertEquals(0, summary.baselineOnlyFrames());
        assertEquals(0.0, summary.baselineOnlyPercent());
    }

    @Test
    void theJitCompilersThreadsAreLeftOutOfTheRankingAndReportedApart() {
        // a fresh JVM after a rollout: C2 took half of the samples; the service's own work (a, b) is what is ranked
        String c2 = "thread_native_entry;Thread::call_run;" + JitCompilation.COMPILER_THREAD_LOOP
                + ";C2Compiler::compile_method;PhaseIterGVN::optimize";
        FlameGraphDiff diff = diff("main;a 18\nmain;b 18\n" + c2 + " 4\n", "main;a 30\nmain;b 10\n" + c2 + " 40\n");
        DiffSummary summary = diff.summary(10);
        assertEquals(10.0, summary.baselineJitPercent());
        assertEquals(50.0, summary.regressedJitPercent());
        // shares of the service's work: a 18 of 36 (50 %) -> 30 of 40 (75 %), b 50 % -> 25 %; C2 in neither list
        assertEquals(List.of(new FrameChange("a", 18, 20.0, 30, 50.0, 75.0, 25.0)), summary.grewBySelf());
        assertEquals(List.of("b"), names(summary.shrankBySelf()));
        assertEquals(List.of("a"), names(summary.grewByTotal()));
        // the flame graph itself still draws every sample, C2's too
        assertEquals(80, diff.regressedSamples());
        assertEquals(50.0, diff.afterPercent(40));
    }

    @Test
    void withoutJitThreadsTheSharesAreOfAllSamples() {
        DiffSummary summary =
                diff("main;a 10\nmain;b 10\n", "main;a 30\nmain;b 10\n").summary(10);
        assertEquals(0.0, summary.baselineJitPercent());
        assertEquals(0.0, summary.regressedJitPercent());
        assertEquals(75.0, summary.grewBySelf().getFirst().afterPercent());
    }

    @Test
    void selfAndTotalAreRankedApart() {
        // handle's total grew by its children; its own self share shrank
        FlameGraphDiff diff =
                diff("main;handle 50\nmain;idle 50\n", "main;handle 20\nmain;handle;parse 60\nmain;idle 20\n");
        DiffSummary summary = diff.summary(10);
        assertEquals(List.of("parse"), names(summary.grewBySelf()));
        assertEquals(List.of("parse", "handle"), names(summary.grewByTotal()), "+60 pp before +30 pp");
        FrameChange handle = summary.grewByTotal().get(1);
        assertEquals(new FrameChange("handle", 50, 50.0, 80, 50.0, 80.0, 30.0), handle);
        assertEquals(List.of("handle", "idle"), names(summary.shrankBySelf()), "both -30 pp: by name");
    }

    @Test
    void framesOnOneSideOnlyGrowFromOrShrinkToNothing() {
        FlameGraphDiff diff = diff("main;old;deep 5\nmain;kept 15\n", "main;new 10\nmain;kept 30\n");
        DiffSummary summary = diff.summary(10);
        assertEquals(
                new FrameChange("new", 0, 0.0, 10, 0.0, 25.0, 25.0),
                summary.grewBySelf().getFirst());
        assertEquals(List.of("deep"), names(summary.shrankBySelf()));
        assertEquals(
                new FrameChange("deep", 5, 10.0, 0, 25.0, 0.0, -25.0),
                summary.shrankBySelf().getFirst());
        assertEquals(List.of("deep", "old"), names(summary.shrankByTotal()), "equal shrinkage: by name");
        assertEquals(2, summary.baselineOnlyFrames());
        assertEquals(25.0, summary.baselineOnlyPercent(), "main;old;deep is a quarter of the baseline");
    }

    @Test
    void tiesAreOrderedByNameAndRankedExactly() {
        // zeta and alpha grow by exactly the same share (+0.01 pp); mid by +0.0067 pp, the same once rounded
        FlameGraphDiff diff =
                diff("x;zeta 1\nx;alpha 1\nx;mid 1\nx;rest 29997\n", "x;zeta 4\nx;alpha 4\nx;mid 3\nx;rest 29989\n");
        DiffSummary summary = diff.summary(10);
        assertEquals(List.of("alpha", "zeta", "mid"), names(summary.grewBySelf()));
        assertEquals(
                summary.grewBySelf().get(0).deltaPoints(),
                summary.grewBySelf().get(2).deltaPoints(),
                "rounded to two decimals the changes look alike; the order still follows the exact counts");
        assertEquals(List.of("alpha"), names(diff.summary(1).grewBySelf()), "top N cuts after the tie-break");
        assertEquals(List.of("rest"), names(summary.shrankBySelf()));
    }

    @Test
    void theSameCodeCompiledDifferentlyOrInAnotherJvmIsTheSameFrame() {
        // interpreted in the baseline, compiled later; the lambda's hidden class has another address in each JVM
        FlameGraphDiff diff = diff("""
                java/lang/Thread.run_[j];a/Routes$$Lambda.0x00000000392d6c30.handle_[j];a/Json.write_[i] 10
                java/lang/Thread.run_[j];a/Old$$Lambda$14/0x0000000800c01234.run 10
                """, """
                java/lang/Thread.run_[j];a/Routes$$Lambda.0x00000000512ac800.handle_[j];a/Json.write_[j] 10
                java/lang/Thread.run_[j];a/Old$$Lambda.0x0000000039272f00.run_[0] 10
                """);
        DiffSummary summary = diff.summary(10);
        assertEquals(List.of(), summary.grewBySelf());
        assertEquals(List.of(), summary.shrankByTotal());
        assertEquals(0.0, summary.baselineOnlyPercent());
        String svg = DiffFlameGraphSvg.render(diff, OPTIONS);
        assertTrue(svg.contains("<title>a/Routes$$Lambda.handle\n"), svg);
        assertTrue(svg.contains("<title>a/Old$$Lambda.run\n"), svg);
    }

    @Test
    void anEmptyBaselineMakesEveryFrameNew() {
        FlameGraphDiff diff = diff("", "main;a 3\nmain;b 1\n");
        assertEquals(0.0, diff.normalisation());
        assertEquals(0.0, diff.normalised(0));
        DiffSummary summary = diff.summary(10);
        assertEquals(
                List.of(
                        new FrameChange("a", 0, 0.0, 3, 0.0, 75.0, 75.0),
                        new FrameChange("b", 0, 0.0, 1, 0.0, 25.0, 25.0)),
                summary.grewBySelf());
        assertEquals(List.of("main", "a", "b"), names(summary.grewByTotal()));
        assertEquals(List.of(), summary.shrankBySelf());
        assertEquals(0.0, summary.baselineOnlyPercent());
    }

    @Test
    void anEmptyRegressedProfileLosesEveryFrame() {
        DiffSummary summary = diff("main;a 1\n", "").summary(10);
        assertEquals(List.of(), summary.grewBySelf());
        assertEquals(List.of("a"), names(summary.shrankBySelf()));
        assertEquals(100.0, summary.baselineOnlyPercent());
        assertEquals(2, summary.baselineOnlyFrames());
    }

    @Test
    void theGraphHasTheRegressedTreeColouredByTheChangeOfSelfShare() throws Exception {
        String svg = DiffFlameGraphSvg.render(
                diff("main;a 10\nmain;b 10\nmain;gone 20\n", "main;a 30\nmain;b 10\nmain;c 20\n"), OPTIONS);
        Document doc = FlameGraphSvgTest.parse(svg);
        Map<String, Element> frames = FlameGraphSvgTest.framesByName(doc);
        assertEquals(
                List.of("a", "all", "b", "c", "main"),
                frames.keySet().stream().sorted().toList(),
                "the baseline-only path is not drawn");
        assertTrue(svg.contains("baseline-only paths (50.00% of it) not drawn"), svg);
        assertTrue(svg.contains("regressed 60 samples, baseline 40 samples normalised x1.500"), svg);
        // a: 25% -> 50% (+25 pp), c: new at 33.33% (+33.33 pp, the largest), b: 25% -> 16.67%
        assertEquals("#ff1414", frames.get("c").getAttribute("fill"), "the largest growth is the strongest red");
        assertEquals(
                DiffFlameGraphSvg.color(50.0 - 25.0, 100.0 / 3), frames.get("a").getAttribute("fill"));
        assertTrue(frames.get("b").getAttribute("fill").endsWith("ff"), "b shrank: blue");
        assertEquals("#e4e4e4", frames.get("main").getAttribute("fill"), "main has no self samples on either side");
        assertEquals(
                "a\n30 samples (50.00%), baseline 15.00 normalised from 10 (25.00%): total +25.00 pp, self +25.00 pp",
                FlameGraphSvgTest.tooltip(frames.get("a")));
        assertEquals(1, doc.getElementsByTagName("script").getLength(), "the same interactivity as a flame graph");
        assertEquals(1180.0, Double.parseDouble(frames.get("all").getAttribute("width")), 0.01);
    }

    @Test
    void coloursGetStrongerWithTheChange() {
        assertEquals("#e4e4e4", DiffFlameGraphSvg.color(0.001, 10));
        assertEquals("#ff1414", DiffFlameGraphSvg.color(10, 10));
        assertEquals("#1414ff", DiffFlameGraphSvg.color(-10, 10));
        int weak = Integer.parseInt(DiffFlameGraphSvg.color(1, 10).substring(3, 5), 16);
        int strong = Integer.parseInt(DiffFlameGraphSvg.color(5, 10).substring(3, 5), 16);
        assertTrue(strong < weak, "less green and blue: a deeper red");
        assertFalse(DiffFlameGraphSvg.color(1, 10).equals("#e4e4e4"), "a small change is still tinted");
    }
}
