package dev.nodes.service.profiling.flamegraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The call tree of a profile: each node is a frame reached by one path from the root, with its samples. */
final class FrameTree {
    /** One frame on one path; {@code samples} counts every stack that passes through it. */
    static final class Node {
        private final String frame;
        private final int depth;
        private long samples;
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
        for (CollapsedStacks.Stack stack : profile.stacks()) {
            root.samples += stack.samples();
            Node node = root;
            for (String frame : stack.frames()) {
                Node parent = node;
                node = parent.children.computeIfAbsent(frame, f -> new Node(f, parent.depth + 1));
                node.samples += stack.samples();
            }
        }
        return new FrameTree(root);
    }

    Node root() {
        return root;
    }
}
