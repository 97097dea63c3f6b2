package dev.nodes.operator.status;

import dev.nodes.operator.resource.Reading;
import dev.nodes.operator.watch.Format;
import dev.nodes.operator.watch.WindowReading;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code status.lastReading}: a watch window as the admin reads it. */
public final class ReadingStatus {
    private ReadingStatus() {}

    public static Reading of(WindowReading r) {
        Reading s = new Reading();
        s.at = r.at().truncatedTo(ChronoUnit.SECONDS).toString();
        s.redisMemoryRatio = r.redisMemoryRatio() == null ? null : Format.round3(r.redisMemoryRatio());
        if (r.isUnavailable()) {
            s.message = "MetricsUnavailable: " + r.unavailable();
            s.pods = 0;
            return s;
        }
        s.pods = r.podsRead();
        if (r.priming()) {
            s.message = "first scrape: the first reading comes one window later"
                    + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()));
            return s;
        }
        s.windowSeconds = r.window().toSeconds();
        Map<String, Double> p95 = new LinkedHashMap<>();
        r.p95Millis().forEach((k, v) -> p95.put(k, Format.round3(v)));
        s.p95Millis = p95;
        s.requests = new LinkedHashMap<>(r.requests());
        s.cacheHitRatio = r.cacheHitRatio() == null ? null : Format.round3(r.cacheHitRatio());
        s.cacheLookups = r.cacheLookups();
        s.message = r.notes().isEmpty() ? null : String.join("; ", r.notes());
        return s;
    }
}
