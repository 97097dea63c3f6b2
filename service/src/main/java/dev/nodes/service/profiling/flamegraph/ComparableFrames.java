package dev.nodes.service.profiling.flamegraph;

import java.util.regex.Pattern;

/**
 * Frame names as two profiles of the same code can be compared. The kind suffix goes (a method interpreted in the
 * baseline and JIT-compiled later is the same code), and so does the address in the names of hidden classes
 * ({@code NodeRoutes$$Lambda.0x00000000392d6c30.handle}), which differs from one JVM to the next. The price: the
 * lambdas of one class that share a method name become one frame.
 */
final class ComparableFrames {
    private static final Pattern HIDDEN_CLASS_ADDRESS = Pattern.compile("(\\$\\$Lambda)(?:\\$\\d+)?[./]0x[0-9a-f]+");

    private ComparableFrames() {}

    static String name(String frame) {
        return HIDDEN_CLASS_ADDRESS.matcher(FrameKind.displayName(frame)).replaceAll("$1");
    }

    /** The profile with every frame renamed; stacks that become equal are merged. */
    static CollapsedStacks of(CollapsedStacks profile) {
        return CollapsedStacks.of(profile.stacks().stream()
                .map(s -> new CollapsedStacks.Stack(
                        s.frames().stream().map(ComparableFrames::name).toList(), s.samples()))
                .toList());
    }
}
