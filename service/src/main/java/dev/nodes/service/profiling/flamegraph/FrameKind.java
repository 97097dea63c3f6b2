package dev.nodes.service.profiling.flamegraph;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of code a frame is. async-profiler's {@code ann} option suffixes frames with their kind
 * ({@code _[j]} JIT-compiled, {@code _[i]} interpreted, {@code _[0]} inlined, {@code _[1]} C1-compiled,
 * {@code _[k]} kernel); frames without a suffix are classified by the shape of their name. In allocation profiles
 * the allocated type is the leaf, suffixed {@code _[i]} (in a TLAB) or {@code _[k]} (outside): it is told apart
 * from methods by its package-qualified dotted or array name ({@code java.lang.String}, {@code long[]}), as methods
 * are written {@code java/lang/String.length}.
 */
public enum FrameKind {
    JIT_COMPILED("JIT compiled"),
    INLINED("inlined"),
    INTERPRETED("interpreted"),
    C1_COMPILED("C1 compiled"),
    JAVA("Java"),
    NATIVE("native"),
    KERNEL("kernel"),
    /** The allocated type at the top of an allocation profile's stack. */
    ALLOCATED_TYPE("allocated type"),
    SPECIAL("synthetic");

    private static final Pattern ANNOTATION = Pattern.compile("^(.*)_\\[([ji01k])]$");

    private final String description;

    FrameKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static FrameKind of(String frame) {
        Matcher m = ANNOTATION.matcher(frame);
        if (m.matches()) {
            String name = m.group(1);
            // a type is package-qualified with dots (java.lang.String); a method of a class without a package
            // (Main.run) has a single dot and stays a method
            boolean typeName = name.endsWith("[]")
                    || (!name.contains("/") && !name.contains("::") && name.indexOf('.') != name.lastIndexOf('.'));
            if (typeName && (m.group(2).equals("i") || m.group(2).equals("k"))) {
                return ALLOCATED_TYPE;
            }
            return switch (m.group(2)) {
                case "j" -> JIT_COMPILED;
                case "0" -> INLINED;
                case "i" -> INTERPRETED;
                case "1" -> C1_COMPILED;
                default -> KERNEL;
            };
        }
        if (frame.startsWith("[")) {
            return SPECIAL;
        }
        if (frame.endsWith("[]")) {
            return ALLOCATED_TYPE;
        }
        if (frame.contains("::") || frame.contains("(") || frame.endsWith(".so")) {
            return NATIVE;
        }
        // Java frames are Class.method, with the class in internal (a/b/C) or dotted (a.b.C) form
        int dot = frame.lastIndexOf('.');
        if (dot > 0 && dot < frame.length() - 1 && !frame.contains(" ")) {
            return JAVA;
        }
        return NATIVE;
    }

    /** The frame's name without the kind suffix. */
    public static String displayName(String frame) {
        Matcher m = ANNOTATION.matcher(frame);
        return m.matches() ? m.group(1) : frame;
    }
}
