package dev.nodes.service.profiling.flamegraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call tree of a profile: each node is a frame reached by one path from the root, with its samples. A tree
 * of a differential graph also counts, per node, the samples of a baseline profile on the same path; paths only
 * the baseline has are nodes with no samples of their own.
 */
final class FrameTree {
    /** One frame on one path; {@code samples} counts every stack that passes through it. */
    static final class Node {
        private final String frame;
        private final int depth;
        private long samples;
        private long baselineSamples;
        private final Map<String, Node> children = new HashMap<>();

        private Node(String frame, int depth) {
            this.frame = frame;
            this.depth = depth;
        }

        String frame() {
            return frame;
        }

        int depth() {
            return depth;
        }

        long samples() {
            return samples;
        }

        /** Samples of the stacks that end in this frame. */
        long selfSamples() {
            return samples
                    - children.values().stream().mapToLong(c -> c.samples).sum();
        }

        /** The baseline's samples on this path (0 outside a differential tree). */
        long baselineSamples() {
            return baselineSamples;
        }

        long baselineSelfSamples() {
            return baselineSamples
                    - children.values().stream()
                            .mapToLong(c -> c.baselineSamples)
                            .sum();
        }

        /** Children in name order, the usual flame graph layout: the x-axis is not time, so sort for stable output. */
        List<Node> children() {
            List<Node> sorted = new ArrayList<>(children.values());
            sorted.sort((a, b) -> a.frame.compareTo(b.frame));
            return sorted;
        }
    }

    private final Node root;

    private FrameTree(Node root) {
        this.root = root;
    }

    static FrameTree of(CollapsedStacks profile, String rootName) {
        Node root = new Node(rootName, 0);
        add(root, profile, false);
        return new FrameTree(root);
    }

    /** The tree of {@code regressed} whose nodes also count the samples {@code baseline} has on the same path. */
    static FrameTree diff(CollapsedStacks baseline, CollapsedStacks regressed, String rootName) {
        Node root = new Node(rootName, 0);
        add(root, regressed, false);
        add(root, baseline, true);
        return new FrameTree(root);
    }

    private static void add(Node root, CollapsedStacks profile, boolean baseline) {
        for (CollapsedStacks.Stack stack : profile.stacks()) {
            count(root, stack.samples(), baseline);
            Node node = root;
            for (String frame : stack.frames()) {
                Node parent = node;
                node = parent.children.computeIfAbsent(frame, f -> new Node(f, parent.depth + 1));
                count(node, stack.samples(), baseline);
            }
        }
    }

    private static void count(Node node, long samples, boolean baseline) {
        if (baseline) {
            node.baselineSamples += samples;
        } else {
            node.samples += samples;
        }
    }

    Node root() {
        return root;
    }
}
