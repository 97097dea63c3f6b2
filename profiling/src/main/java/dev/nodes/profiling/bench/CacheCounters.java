package dev.nodes.profiling.bench;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's node cache counters ({@code nodes_cache_requests_total} by result) from {@code /metrics}; read
 * before and after a node read scenario to show whether it really hit or missed the cache.
 */
record CacheCounters(double hits, double misses) {
    private static final Pattern LINE =
            Pattern.compile("^nodes_cache_requests_total\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern RESULT = Pattern.compile("result=\"(hit|miss)\"");

    static Optional<CacheCounters> scrape(ApiClient api) {
        try {
            ApiClient.Response response = api.exchange(BenchRequest.get("/metrics", null));
            return response.ok() ? parse(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<CacheCounters> parse(String exposition) {
        double hits = 0;
        double misses = 0;
        boolean found = false;
        Matcher line = LINE.matcher(exposition);
        while (line.find()) {
            Matcher result = RESULT.matcher(line.group(1));
            if (result.find()) {
                double value = Double.parseDouble(line.group(2));
                if (result.group(1).equals("hit")) {
                    hits += value;
                } else {
                    misses += value;
                }
                found = true;
            }
        }
        return found ? Optional.of(new CacheCounters(hits, misses)) : Optional.empty();
    }

    /** "cache: 99.8% hits (12345 hits, 20 misses)" for the difference between two scrapes. */
    static String describe(Optional<CacheCounters> before, Optional<CacheCounters> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return "cache: no nodes_cache_requests_total on /metrics";
        }
        double hits = after.get().hits - before.get().hits;
        double misses = after.get().misses - before.get().misses;
        double total = hits + misses;
        return total <= 0
                ? "cache: no lookups counted"
                : String.format("cache: %.1f%% hits (%.0f hits, %.0f misses)", 100 * hits / total, hits, misses);
    }
}
