package dev.nodes.service.profiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FrameKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The profilers themselves, sampling this test JVM while it does known work. */
class ProfilerBackendsTest {
    private static final String THIS_CLASS = "dev/nodes/service/profiling/ProfilerBackendsTest";
    private static volatile long sink;
    private static volatile Object kept;

    /** Keeps a CPU busy in a method whose name the profile must show. */
    private static void burnCpu(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    /** Allocates arrays that escape, so the JIT cannot remove them. */
    private static void allocate(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        List<long[]> recent = new ArrayList<>();
        while (System.nanoTime() < end) {
            recent.add(new long[1024]);
            if (recent.size() > 64) {
                recent.clear();
            }
            kept = recent;
        }
    }

    private static boolean hasFrame(CollapsedStacks stacks, String frame) {
        return stacks.stacks().stream()
                .flatMap(s -> s.frames().stream())
                .map(FrameKind::displayName)
                .anyMatch(f -> f.equals(frame));
    }

    private static String frames(CollapsedStacks stacks) {
        String text = stacks.toText();
        return text.length() > 4000 ? text.substring(0, 4000) : text;
    }

    @Test
    void asyncProfilerSamplesCpuWithTheEngineItNames() {
        ProfilerBackend.RunningProfile running = AsyncProfilerBackend.standard().start(ProfileEvent.CPU);
        burnCpu(1000);
        CollapsedStacks stacks = running.stop();
        assertTrue(
                running.profiler().matches("async-profiler \\d[\\d.]* \\((perf_events|ctimer|itimer)\\)"),
                running.profiler());
        assertTrue(stacks.totalSamples() > 0, "no samples");
        assertTrue(hasFrame(stacks, THIS_CLASS + ".burnCpu"), frames(stacks));
    }

    @Test
    void asyncProfilerSamplesWallClockAndAllocations() {
        ProfilerBackend.RunningProfile wall = AsyncProfilerBackend.standard().start(ProfileEvent.WALL);
        burnCpu(500);
        CollapsedStacks wallStacks = wall.stop();
        assertTrue(wall.profiler().endsWith("(wall)"), wall.profiler());
        assertTrue(hasFrame(wallStacks, THIS_CLASS + ".burnCpu"), frames(wallStacks));

        ProfilerBackend.RunningProfile alloc = AsyncProfilerBackend.standard().start(ProfileEvent.ALLOC);
        allocate(500);
        CollapsedStacks allocStacks = alloc.stop();
        assertTrue(alloc.profiler().endsWith("(alloc)"), alloc.profiler());
        assertTrue(hasFrame(allocStacks, THIS_CLASS + ".allocate"), frames(allocStacks));
    }

    @Test
    void jfrSamplesCpuWithJavaFramesAnnotatedLikeAsyncProfiler() {
        ProfilerBackend.RunningProfile running = new JfrBackend().start(ProfileEvent.CPU);
        burnCpu(1000);
        CollapsedStacks stacks = running.stop();
        assertTrue(running.profiler().startsWith("jfr (jdk.ExecutionSample"), running.profiler());
        assertTrue(hasFrame(stacks, THIS_CLASS + ".burnCpu"), frames(stacks));
        assertTrue(stacks.toText().contains(THIS_CLASS + ".burnCpu_["), "frames carry their kind: " + frames(stacks));
    }

    @Test
    void jfrSamplesAllocationsWithTheAllocatedClassAsLeaf() {
        ProfilerBackend.RunningProfile running = new JfrBackend().start(ProfileEvent.ALLOC);
        allocate(1000);
        CollapsedStacks stacks = running.stop();
        assertTrue(running.profiler().contains("jdk.ObjectAllocationSample"), running.profiler());
        assertTrue(
                stacks.stacks().stream()
                        .anyMatch(s -> s.leaf().equals("long[]_[i]")
                                && s.frames().stream().anyMatch(f -> f.startsWith(THIS_CLASS + ".allocate"))),
                frames(stacks));
    }

    @Test
    void jfrArrayDescriptorsBecomeJavaTypeNames() {
        assertEquals("long[]", JfrBackend.javaTypeName("[J"));
        assertEquals("java.lang.String[][]", JfrBackend.javaTypeName("[[Ljava.lang.String;"));
        assertEquals("java.lang.String", JfrBackend.javaTypeName("java.lang.String"));
    }

    @Test
    void profilerCallsFromVirtualThreadsWork() throws Exception {
        // async-profiler initialised from a virtual thread breaks for the whole process; the backend avoids that
        AtomicReference<String> profiler = new AtomicReference<>();
        Thread.ofVirtual()
                .start(() -> {
                    ProfilerBackend.RunningProfile running =
                            AsyncProfilerBackend.standard().start(ProfileEvent.CPU);
                    burnCpu(200);
                    running.stop();
                    profiler.set(running.profiler());
                })
                .join();
        assertTrue(profiler.get().startsWith("async-profiler"), profiler.get());
    }

    @Test
    void whenAsyncProfilerCannotStartTheChainFallsBackToJfr() {
        // a real failure from the native profiler: an event it does not know
        AsyncProfilerBackend unusable = new AsyncProfilerBackend(
                Map.of(ProfileEvent.CPU, List.of(new AsyncProfilerBackend.Engine("no-such-event", "10ms", "bogus"))));
        ProfilerUnavailableException refused =
                assertThrows(ProfilerUnavailableException.class, () -> unusable.start(ProfileEvent.CPU));
        assertTrue(refused.getMessage().contains("bogus"), refused.getMessage());

        ProfilerBackend.RunningProfile running =
                new FallbackProfiler(List.of(unusable, new JfrBackend())).start(ProfileEvent.CPU);
        burnCpu(500);
        CollapsedStacks stacks = running.stop();
        assertTrue(running.profiler().startsWith("jfr"), running.profiler());
        assertFalse(stacks.isEmpty());
    }

    @Test
    void theTimerEnginesAreTriedWhenTheFirstCpuEngineIsRefused() {
        AsyncProfilerBackend backend = new AsyncProfilerBackend(Map.of(
                ProfileEvent.CPU,
                List.of(
                        new AsyncProfilerBackend.Engine("no-such-event", "10ms", "bogus"),
                        new AsyncProfilerBackend.Engine("itimer", "10ms", "itimer"))));
        ProfilerBackend.RunningProfile running = backend.start(ProfileEvent.CPU);
        burnCpu(500);
        CollapsedStacks stacks = running.stop();
        assertTrue(running.profiler().endsWith("(itimer)"), running.profiler());
        assertTrue(hasFrame(stacks, THIS_CLASS + ".burnCpu"), frames(stacks));
    }

    @Test
    void whenNothingCanSampleTheErrorSaysWhy() {
        AsyncProfilerBackend none = new AsyncProfilerBackend(Map.of());
        ProfilerUnavailableException e = assertThrows(
                ProfilerUnavailableException.class, () -> new FallbackProfiler(List.of(none)).start(ProfileEvent.WALL));
        assertTrue(e.getMessage().contains("no profiler can sample wall"), e.getMessage());
    }
}
