package dev.nodes.service.profiling.flamegraph;

import java.util.Locale;

/**
 * Warm flame graph colours: the hue band says what kind of code a frame is (Java compiled, inlined, interpreted,
 * native, kernel); within a band the name picks the shade, so a frame has the same colour in every graph.
 */
final class FramePalette {
    private FramePalette() {}

    static String color(String frame) {
        FrameKind kind = FrameKind.of(frame);
        int hash = stableHash(FrameKind.displayName(frame));
        double variation = (hash & 0xff) / 255.0;
        double lightVariation = ((hash >>> 8) & 0xff) / 255.0;
        return switch (kind) {
            // orange: Java code the JIT compiled (the bulk of a warm service)
            case JIT_COMPILED, JAVA -> hsl(26 + 14 * variation, 0.85, 0.56 + 0.10 * lightVariation);
            // yellow: inlined into a compiled caller
            case INLINED -> hsl(44 + 10 * variation, 0.85, 0.55 + 0.10 * lightVariation);
            // amber-brown: still interpreted or only C1-compiled (warm-up, rarely run code)
            case INTERPRETED, C1_COMPILED -> hsl(18 + 8 * variation, 0.65, 0.50 + 0.10 * lightVariation);
            // red: native libraries and the JVM itself
            case NATIVE -> hsl(2 + 10 * variation, 0.75, 0.56 + 0.10 * lightVariation);
            // crimson: the kernel
            case KERNEL -> hsl(340 + 12 * variation, 0.65, 0.55 + 0.10 * lightVariation);
            // peach: the allocated type in an allocation profile
            case ALLOCATED_TYPE -> hsl(14 + 10 * variation, 0.90, 0.74 + 0.06 * lightVariation);
            // muted sand: synthetic frames such as the root or [unknown]
            case SPECIAL -> hsl(35, 0.25, 0.70 + 0.08 * lightVariation);
        };
    }

    /** FNV-1a over the UTF-16 code units: fixed by this code, unlike anything a JVM might change. */
    static int stableHash(String text) {
        int hash = 0x811c9dc5;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x01000193;
        }
        return hash;
    }

    static String hsl(double hue, double saturation, double lightness) {
        double h = ((hue % 360) + 360) % 360 / 60.0;
        double c = (1 - Math.abs(2 * lightness - 1)) * saturation;
        double x = c * (1 - Math.abs(h % 2 - 1));
        double r = 0;
        double g = 0;
        double b = 0;
        switch ((int) h) {
            case 0 -> {
                r = c;
                g = x;
            }
            case 1 -> {
                r = x;
                g = c;
            }
            case 2 -> {
                g = c;
                b = x;
            }
            case 3 -> {
                g = x;
                b = c;
            }
            case 4 -> {
                r = x;
                b = c;
            }
            default -> {
                r = c;
                b = x;
            }
        }
        double m = lightness - c / 2;
        return String.format(Locale.ROOT, "#%02x%02x%02x", channel(r + m), channel(g + m), channel(b + m));
    }

    private static int channel(double value) {
        return (int) Math.round(Math.max(0, Math.min(1, value)) * 255);
    }
}
