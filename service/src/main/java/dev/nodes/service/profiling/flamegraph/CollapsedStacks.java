package dev.nodes.service.profiling.flamegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacks in the "collapsed" format of FlameGraph tools: one line per distinct stack, frames from the root to the
 * leaf separated by {@code ;}, then a space and the sample count ({@code main;work;leaf 42}). Identical stacks are
 * merged. Frame names may contain spaces, so the count is whatever follows the last space.
 */
public final class CollapsedStacks {
    /** One stack, root first, and how many samples ended in it. */
    public record Stack(List<String> frames, long samples) {
        public Stack {
            frames = List.copyOf(frames);
            if (frames.isEmpty()) {
                throw new IllegalArgumentException("a stack needs at least one frame");
            }
            if (samples <= 0) {
                throw new IllegalArgumentException("a stack needs a positive sample count");
            }
        }

        public String leaf() {
            return frames.getLast();
        }
    }

    private final List<Stack> stacks;
    private final long totalSamples;

    private CollapsedStacks(List<Stack> stacks) {
        this.stacks = List.copyOf(stacks);
        this.totalSamples = stacks.stream().mapToLong(Stack::samples).sum();
    }

    public static CollapsedStacks of(List<Stack> stacks) {
        Map<List<String>, Long> merged = new LinkedHashMap<>();
        for (Stack stack : stacks) {
            merged.merge(stack.frames(), stack.samples(), Long::sum);
        }
        List<Stack> result = new ArrayList<>(merged.size());
        merged.forEach((frames, samples) -> result.add(new Stack(frames, samples)));
        return new CollapsedStacks(result);
    }

    /**
     * Parses collapsed text. Blank lines are ignored; a line without a positive integer count after its last
     * space, or with an empty frame, is refused with its line number (a profiler that writes such lines is broken,
     * and a silently smaller profile would mislead).
     */
    public static CollapsedStacks parse(String text) {
        List<Stack> stacks = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = trimmed.lastIndexOf(' ');
            if (space <= 0) {
                throw new IllegalArgumentException("line " + lineNumber + ": no sample count after the stack");
            }
            long samples;
            try {
                samples = Long.parseLong(trimmed.substring(space + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": the sample count is not an integer");
            }
            if (samples <= 0) {
                throw new IllegalArgumentException("line " + lineNumber + ": the sample count must be positive");
            }
            List<String> frames =
                    Arrays.asList(trimmed.substring(0, space).strip().split(";", -1));
            if (frames.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("line " + lineNumber + ": empty frame name");
            }
            stacks.add(new Stack(frames, samples));
        }
        return of(stacks);
    }

    public List<Stack> stacks() {
        return stacks;
    }

    public long totalSamples() {
        return totalSamples;
    }

    public boolean isEmpty() {
        return stacks.isEmpty();
    }

    /** The collapsed text again, one line per stack, heaviest stacks first (stable, so output is reproducible). */
    public String toText() {
        StringBuilder out = new StringBuilder();
        stacks.stream()
                .sorted((a, b) -> Long.compare(b.samples(), a.samples()))
                .forEach(s -> out.append(String.join(";", s.frames()))
                        .append(' ')
                        .append(s.samples())
                        .append('\n'));
        return out.toString();
    }
}
