package dev.nodes.service.profiling.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameStatsTest {
    private static final CollapsedStacks PROFILE = CollapsedStacks.parse("""
            main;handle;parse 30
            main;handle;render;escape 20
            main;handle;render 10
            main;fib;fib;fib 25
            main;idle 15
            """);

    @Test
    void selfCountsTheLeafAndTotalEveryStackAFrameIsOn() {
        FrameStats stats = FrameStats.of(PROFILE);
        assertEquals(100, stats.totalSamples());
        assertEquals(0, stats.selfSamples("main"));
        assertEquals(100, stats.totalSamples("main"));
        assertEquals(0, stats.selfSamples("handle"));
        assertEquals(60, stats.totalSamples("handle"));
        assertEquals(10, stats.selfSamples("render"));
        assertEquals(30, stats.totalSamples("render"));
        assertEquals(20, stats.selfSamples("escape"));
    }

    @Test
    void aRecursiveFrameCountsOncePerStackInItsTotal() {
        FrameStats stats = FrameStats.of(PROFILE);
        assertEquals(25, stats.selfSamples("fib"));
        assertEquals(25, stats.totalSamples("fib"), "three fib frames on one stack are still 25 samples, not 75");
    }

    @Test
    void topFramesBySelfAndByTotalWithPercentages() {
        FrameStats stats = FrameStats.of(PROFILE);
        List<TopFrame> bySelf = stats.topBySelf(3);
        assertEquals(
                List.of("parse", "fib", "escape"),
                bySelf.stream().map(TopFrame::frame).toList());
        assertEquals(new TopFrame("parse", 30, 30.0, 30, 30.0), bySelf.getFirst());

        List<TopFrame> byTotal = stats.topByTotal(3);
        assertEquals(
                List.of("main", "handle", "parse"),
                byTotal.stream().map(TopFrame::frame).toList());
        assertEquals(100.0, byTotal.getFirst().totalPercent());
        assertEquals(0.0, byTotal.getFirst().selfPercent());
    }

    @Test
    void topFramesHoldBothViews() {
        List<TopFrame> top = FrameStats.of(PROFILE).topFrames(2);
        // by self: parse, fib; by total: main, handle; ordered by self samples
        assertEquals(
                List.of("parse", "fib", "main", "handle"),
                top.stream().map(TopFrame::frame).toList());
    }

    @Test
    void kindSuffixesAreMergedIntoOneFrame() {
        FrameStats stats = FrameStats.of(CollapsedStacks.parse("""
                a/B.run_[j];a/B.work_[j] 3
                a/B.run_[i];a/B.work_[i] 1
                """));
        assertEquals(4, stats.selfSamples("a/B.work"));
        assertEquals(4, stats.totalSamples("a/B.run"));
    }

    @Test
    void textSummaryListsBothTables() {
        String text = ProfileSummary.text(PROFILE, 2);
        assertTrue(text.startsWith("samples: 100\n"), text);
        assertTrue(text.contains("Top 2 frames by self time:"), text);
        assertTrue(text.contains("Top 2 frames by total time:"), text);
        assertTrue(text.contains("30  30.00%         30  30.00%  parse"), text);
        assertTrue(text.contains("0   0.00%        100 100.00%  main"), text);
        assertTrue(ProfileSummary.text(CollapsedStacks.parse(""), 5).contains("(no samples)"));
    }
}
