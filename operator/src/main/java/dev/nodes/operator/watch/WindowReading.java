package dev.nodes.operator.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one watch window measured. Exactly one of three shapes: {@code unavailable} set (nothing could
 * be scraped: no trigger, reason MetricsUnavailable), {@code priming} (the first scrape: no deltas
 * yet), or a reading.
 *
 * @param window      the time the deltas cover (the previous scrape to this one)
 * @param podsRead    pods whose deltas are in the reading
 * @param podsListed  ready addresses in the Endpoints (before the scrape cap)
 * @param p95Millis   family to p95 in ms, only for families with at least {@link WatchThresholds#MIN_REQUESTS}
 * @param requests    family to requests in the window (all families, even with too few)
 * @param cacheHitRatio null with fewer than {@link WatchThresholds#MIN_CACHE_LOOKUPS} lookups
 * @param redisMemoryRatio null when Redis is unreachable or has no maxmemory
 * @param notes       what was skipped and why (restarted pods, failed scrapes, Redis)
 */
public record WindowReading(
        Instant at,
        Duration window,
        boolean priming,
        String unavailable,
        int podsRead,
        int podsListed,
        Map<String, Double> p95Millis,
        Map<String, Long> requests,
        Double cacheHitRatio,
        long cacheLookups,
        Double redisMemoryRatio,
        String redisNote,
        List<String> notes) {

    public WindowReading {
        p95Millis = Map.copyOf(p95Millis);
        requests = Map.copyOf(requests);
        notes = List.copyOf(notes);
    }

    public static WindowReading unavailable(Instant at, String why, Double redisMemoryRatio, String redisNote) {
        return new WindowReading(
                at,
                Duration.ZERO,
                false,
                why,
                0,
                0,
                Map.of(),
                Map.of(),
                null,
                0,
                redisMemoryRatio,
                redisNote,
                List.of());
    }

    public static WindowReading priming(
            Instant at, int pods, Double redisMemoryRatio, String redisNote, List<String> notes) {
        return new WindowReading(
                at,
                Duration.ZERO,
                true,
                null,
                pods,
                pods,
                Map.of(),
                Map.of(),
                null,
                0,
                redisMemoryRatio,
                redisNote,
                notes);
    }

    public boolean isUnavailable() {
        return unavailable != null;
    }
}
