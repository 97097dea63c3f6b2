package dev.nodes.operator.watch;

import java.util.Locale;

/** Numbers as the status messages show them. */
public final class Format {
    private Format() {}

    /** Milliseconds: two decimals under 1 ms, one above. */
    public static String millis(double ms) {
        return String.format(Locale.ROOT, ms < 1 ? "%.2f ms" : "%.1f ms", ms);
    }

    /** A percentage with one decimal, without a trailing ".0". */
    public static String percent(double pct) {
        String s = String.format(Locale.ROOT, "%.1f", pct);
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "%";
    }

    /** A ratio with three decimals. */
    public static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** Rounded to 3 decimals: status values stay readable and do not jitter in the last digits. */
    public static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
