package dev.nodes.service.profiling.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollapsedStacksTest {

    @Test
    void parsesStacksRootFirstAndMergesIdenticalOnes() {
        CollapsedStacks stacks = CollapsedStacks.parse("""
                main;work;leaf 3

                main;work;leaf 2
                main;idle 5
                """);
        assertEquals(10, stacks.totalSamples());
        assertEquals(2, stacks.stacks().size());
        CollapsedStacks.Stack first = stacks.stacks().getFirst();
        assertEquals(List.of("main", "work", "leaf"), first.frames());
        assertEquals(5, first.samples());
        assertEquals("leaf", first.leaf());
    }

    @Test
    void theCountIsWhatFollowsTheLastSpaceSoFrameNamesMayHoldSpaces() {
        CollapsedStacks stacks = CollapsedStacks.parse("[tid=12 worker 1];operator new(unsigned long) 7\r\n");
        assertEquals(
                List.of("[tid=12 worker 1]", "operator new(unsigned long)"),
                stacks.stacks().getFirst().frames());
        assertEquals(7, stacks.totalSamples());
    }

    @Test
    void refusesBrokenLinesWithTheirLineNumber() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CollapsedStacks.parse("a;b 1\na;b x"))
                .getMessage()
                .startsWith("line 2"));
        assertThrows(IllegalArgumentException.class, () -> CollapsedStacks.parse("a;b"));
        assertThrows(IllegalArgumentException.class, () -> CollapsedStacks.parse("a;b 0"));
        assertThrows(IllegalArgumentException.class, () -> CollapsedStacks.parse("a;;b 1"));
    }

    @Test
    void emptyTextIsAnEmptyProfile() {
        CollapsedStacks stacks = CollapsedStacks.parse("\n  \n");
        assertTrue(stacks.isEmpty());
        assertEquals(0, stacks.totalSamples());
    }

    @Test
    void toTextRoundTripsHeaviestFirst() {
        CollapsedStacks stacks = CollapsedStacks.parse("a;b 1\na;c 4\n");
        assertEquals("a;c 4\na;b 1\n", stacks.toText());
        assertEquals(
                stacks.totalSamples(), CollapsedStacks.parse(stacks.toText()).totalSamples());
    }
}
