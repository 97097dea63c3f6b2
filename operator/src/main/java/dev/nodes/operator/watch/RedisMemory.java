package dev.nodes.operator.watch;

/**
 * Redis {@code INFO memory}: used_memory and maxmemory in bytes, or why it could not be read.
 */
public record RedisMemory(long usedBytes, long maxBytes, String error) {

    public static RedisMemory unreachable(String error) {
        return new RedisMemory(0, 0, error);
    }

    /** used / max; null when unreadable or when Redis has no limit (maxmemory 0). */
    public Double ratio() {
        return error != null || maxBytes <= 0 ? null : (double) usedBytes / maxBytes;
    }

    public String note() {
        if (error != null) {
            return "Redis memory not read: " + error;
        }
        if (maxBytes <= 0) {
            return "Redis has no maxmemory: no ratio";
        }
        return Format.mib(usedBytes) + " of " + Format.mib(maxBytes);
    }

    /** Parses the text of {@code INFO memory}. */
    public static RedisMemory parseInfo(String info) {
        Long used = null;
        Long max = null;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                used = Long.parseLong(line.substring("used_memory:".length()).trim());
            } else if (line.startsWith("maxmemory:")) {
                max = Long.parseLong(line.substring("maxmemory:".length()).trim());
            }
        }
        if (used == null || max == null) {
            return unreachable("INFO memory has no used_memory/maxmemory");
        }
        return new RedisMemory(used, max, null);
    }
}
