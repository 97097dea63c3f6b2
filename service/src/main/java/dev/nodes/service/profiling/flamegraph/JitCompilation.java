package dev.nodes.service.profiling.flamegraph;

/**
 * The JIT compiler's own threads in a profile. A JVM that has just started compiles for its first minute or so, and
 * a profile taken right after a rollout is full of C2's frames: their share says how warm the JVM was, not what the
 * service does, so a comparison ranks the service's work without them and reports their share apart.
 */
final class JitCompilation {
    /** Where every HotSpot compiler thread (C1 and C2) runs its compilations. */
    static final String COMPILER_THREAD_LOOP = "CompileBroker::compiler_thread_loop";

    private JitCompilation() {}

    static boolean isCompilerThread(CollapsedStacks.Stack stack) {
        return stack.frames().contains(COMPILER_THREAD_LOOP);
    }

    /** The profile without its compiler threads' stacks. */
    static CollapsedStacks withoutCompilerThreads(CollapsedStacks profile) {
        return CollapsedStacks.of(
                profile.stacks().stream().filter(s -> !isCompilerThread(s)).toList());
    }

    static long compilerThreadSamples(CollapsedStacks profile) {
        return profile.stacks().stream()
                .filter(JitCompilation::isCompilerThread)
                .mapToLong(CollapsedStacks.Stack::samples)
                .sum();
    }
}
