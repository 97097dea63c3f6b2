package dev.nodes.service.profiling;

import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The JDK's own Flight Recorder: always there, so a capture works where async-profiler cannot load or sample.
 * CPU samples threads running Java code ({@code jdk.ExecutionSample}); "wall" adds threads in native methods
 * ({@code jdk.NativeMethodSample}), which is as close to wall-clock as JFR gets (parked threads are not sampled);
 * alloc uses {@code jdk.ObjectAllocationSample} with the allocated class as the leaf frame. Frames are written
 * like async-profiler's ({@code java/lang/Thread.run_[j]}) so both render alike.
 */
public final class JfrBackend implements ProfilerBackend {
    private static final Duration PERIOD = Duration.ofMillis(10);
    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String NATIVE_METHOD_SAMPLE = "jdk.NativeMethodSample";
    private static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";

    @Override
    public RunningProfile start(ProfileEvent event) {
        Recording recording = new Recording();
        recording.setName("nodes-profiling-capture");
        List<String> events = switch (event) {
            case CPU -> List.of(EXECUTION_SAMPLE);
            case WALL -> List.of(EXECUTION_SAMPLE, NATIVE_METHOD_SAMPLE);
            case ALLOC -> List.of(ALLOCATION_SAMPLE);
        };
        for (String name : events) {
            if (name.equals(ALLOCATION_SAMPLE)) {
                recording.enable(name).with("throttle", "1000/s");
            } else {
                recording.enable(name).withPeriod(PERIOD);
            }
        }
        try {
            recording.start();
        } catch (RuntimeException e) { // IllegalStateException, SecurityException: JFR disabled in this JVM
            recording.close();
            throw new ProfilerUnavailableException("JFR cannot record here: " + e.getMessage(), e);
        }
        return new Running(recording, "jfr (" + String.join(", ", events) + ")");
    }

    private record Running(Recording recording, String profiler) implements RunningProfile {
        @Override
        public CollapsedStacks stop() {
            Path file = null;
            try (recording) {
                recording.stop();
                file = Files.createTempFile("nodes-capture-", ".jfr");
                recording.dump(file);
                return collapse(file);
            } catch (IOException e) {
                throw new UncheckedIOException("the JFR recording could not be read", e);
            } finally {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a leftover temp file is harmless
                    }
                }
            }
        }
    }

    static CollapsedStacks collapse(Path file) throws IOException {
        List<CollapsedStacks.Stack> stacks = new ArrayList<>();
        try (RecordingFile records = new RecordingFile(file)) {
            while (records.hasMoreEvents()) {
                RecordedEvent event = records.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals(EXECUTION_SAMPLE)
                        && !type.equals(NATIVE_METHOD_SAMPLE)
                        && !type.equals(ALLOCATION_SAMPLE)) {
                    continue;
                }
                RecordedStackTrace trace = event.getStackTrace();
                if (trace == null) {
                    continue;
                }
                List<String> frames = new ArrayList<>();
                if (trace.isTruncated()) {
                    // the outermost frames are missing: say so instead of pretending the stack starts here
                    frames.add("[truncated]");
                }
                List<RecordedFrame> recorded = trace.getFrames();
                for (int i = recorded.size() - 1; i >= 0; i--) {
                    frames.add(frameName(recorded.get(i)));
                }
                if (type.equals(ALLOCATION_SAMPLE)) {
                    RecordedClass allocated = event.getValue("objectClass");
                    // annotated like async-profiler's allocated-type frames
                    frames.add(allocated == null ? "[unknown class]" : javaTypeName(allocated.getName()) + "_[i]");
                }
                if (!frames.isEmpty()) {
                    stacks.add(new CollapsedStacks.Stack(frames, 1));
                }
            }
        }
        return CollapsedStacks.of(stacks);
    }

    /** JFR names arrays by descriptor ({@code [J}, {@code [Ljava.lang.String;}); write them as Java does. */
    static String javaTypeName(String name) {
        int dimensions = 0;
        while (dimensions < name.length() && name.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return name;
        }
        String element = name.substring(dimensions);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default ->
                element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dimensions);
    }

    private static String frameName(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "[unknown]";
        }
        String name = method.getType().getName().replace('.', '/') + "." + method.getName();
        String kind = frame.getType() == null
                ? ""
                : switch (frame.getType()) {
                    case "Interpreted" -> "_[i]";
                    case "JIT compiled" -> "_[j]";
                    case "Inlined" -> "_[0]";
                    default -> "";
                };
        return name + kind;
    }
}
