package dev.nodes.operator.redis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redis memory sizes ("64mb", "1g", "1048576") in bytes, with Redis's own unit rules. */
public final class MaxmemorySize {
    public static final String AUTO = "auto";
    private static final Pattern SIZE = Pattern.compile("^([0-9]+)(b|k|kb|m|mb|g|gb)?$");

    private MaxmemorySize() {}

    public static long parseBytes(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Redis memory size: " + value);
        }
        long number = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Math.multiplyExact(number, factor);
    }
}
