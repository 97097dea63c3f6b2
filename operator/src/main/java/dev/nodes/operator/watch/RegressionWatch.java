package dev.nodes.operator.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regression watch's memory: per NodesPlatform, the previous scrape of each pod and when it was
 * taken. Kept in memory only: after an operator restart the first window just primes it again.
 * Windows of one NodesPlatform never run concurrently (JOSDK reconciles a resource at a time).
 */
public class RegressionWatch {
    /** State of a NodesPlatform not evaluated for this long is dropped (it was deleted, or moved away). */
    static final Duration FORGET_AFTER = Duration.ofHours(2);

    /** One window's reading and whether the rollout was stable over all of it. */
    public record Evaluation(WindowReading reading, boolean stable) {}

    private static final class State {
        Instant lastAttempt;
        Instant lastScrape;
        Map<String, PodCounters> pods = new LinkedHashMap<>();
        /** The rollout that was fully rolled out at the last scrape, or null. */
        String rolledOutAtLastScrape;
    }

    private final MetricsScraper scraper;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public RegressionWatch(MetricsScraper scraper) {
        this.scraper = scraper;
    }

    /** How long until the next window is due for this NodesPlatform; zero: now. */
    public Duration untilDue(String uid, Duration window, Instant now) {
        State s = states.get(uid);
        if (s == null || s.lastAttempt == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, s.lastAttempt.plus(window));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Scrapes the pods behind {@code endpoints} and reads the window since the previous scrape.
     *
     * @param endpoints  the Service's ready pods (from its EndpointSlices), or empty when it has none
     * @param rolledOut  the rollout id when the Deployment is fully rolled out and available now, else null
     */
    public Evaluation evaluate(
            String uid,
            String serviceName,
            Optional<List<MetricsScraper.Target>> endpoints,
            String rolledOut,
            RedisMemory redis,
            Instant now) {
        forgetStale(now);
        State s = states.computeIfAbsent(uid, k -> new State());
        s.lastAttempt = now;
        Double redisRatio = redis == null ? null : redis.ratio();
        String redisNote = redis == null ? null : redis.note();

        if (endpoints.isEmpty()) {
            return new Evaluation(
                    WindowReading.unavailable(
                            now, "no EndpointSlices " + serviceName + ": no pods to scrape", redisRatio, redisNote),
                    false);
        }
        List<MetricsScraper.Target> targets = endpoints.get();
        if (targets.isEmpty()) {
            return new Evaluation(
                    WindowReading.unavailable(
                            now,
                            "EndpointSlices " + serviceName + " list no ready pod with port "
                                    + MetricsScraper.PORT_NAME,
                            redisRatio,
                            redisNote),
                    false);
        }
        List<String> notes = new ArrayList<>();
        if (targets.size() > scraper.maxPods()) {
            notes.add("scraped " + scraper.maxPods() + " of " + targets.size() + " pods (cap)");
        }
        List<MetricsScraper.Result> results = scraper.scrape(targets);
        Map<String, PodCounters> current = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (MetricsScraper.Result r : results) {
            if (r.counters() == null) {
                errors.add(r.target().key() + ": " + r.error());
            } else {
                current.put(r.target().key(), r.counters());
            }
        }
        if (current.isEmpty()) {
            // keep the previous samples: once the pods answer again, their deltas cover the gap
            return new Evaluation(
                    WindowReading.unavailable(
                            now,
                            "could not scrape /metrics of any of " + results.size() + " pod(s): "
                                    + String.join("; ", errors),
                            redisRatio,
                            redisNote),
                    false);
        }
        notes.addAll(errors);

        PodCounters sum = PodCounters.ZERO;
        int withDelta = 0;
        for (Map.Entry<String, PodCounters> e : current.entrySet()) {
            PodCounters previous = s.pods.get(e.getKey());
            if (previous == null) {
                notes.add(e.getKey() + ": first scrape");
                continue;
            }
            var delta = e.getValue().since(previous);
            if (delta.isEmpty()) {
                notes.add(e.getKey() + ": restarted (counters reset), skipped this window");
                continue;
            }
            sum = sum.plus(delta.get());
            withDelta++;
        }
        Instant windowStart = s.lastScrape;
        boolean stable = rolledOut != null && rolledOut.equals(s.rolledOutAtLastScrape);
        s.pods = current;
        s.lastScrape = now;
        s.rolledOutAtLastScrape = rolledOut;
        if (windowStart == null
                || (withDelta == 0
                        && notes.stream().allMatch(n -> n.endsWith(": first scrape") || n.contains("(cap)")))) {
            return new Evaluation(WindowReading.priming(now, current.size(), redisRatio, redisNote, notes), false);
        }

        Map<String, Double> p95 = new LinkedHashMap<>();
        Map<String, Long> requests = new LinkedHashMap<>();
        for (String family : RouteFamily.ALL) {
            long n = Math.round(sum.requests(family));
            requests.put(family, n);
            if (n >= WatchThresholds.MIN_REQUESTS) {
                sum.families().get(family).quantile(0.95).ifPresent(seconds -> p95.put(family, seconds * 1000.0));
            } else {
                notes.add(family + ": " + n + " requests (fewer than " + WatchThresholds.MIN_REQUESTS + ", no p95)");
            }
        }
        long lookups = Math.round(sum.cacheLookups());
        Double hitRatio = lookups >= WatchThresholds.MIN_CACHE_LOOKUPS ? sum.cacheHits() / sum.cacheLookups() : null;
        if (hitRatio == null) {
            notes.add(lookups + " node-cache lookups (fewer than " + WatchThresholds.MIN_CACHE_LOOKUPS
                    + ", no hit ratio)");
        }
        return new Evaluation(
                new WindowReading(
                        now,
                        Duration.between(windowStart, now),
                        false,
                        null,
                        withDelta,
                        targets.size(),
                        p95,
                        requests,
                        hitRatio,
                        lookups,
                        redisRatio,
                        redisNote,
                        notes),
                stable);
    }

    public void forget(String uid) {
        states.remove(uid);
    }

    private void forgetStale(Instant now) {
        states.entrySet()
                .removeIf(e -> e.getValue().lastAttempt != null
                        && e.getValue().lastAttempt.plus(FORGET_AFTER).isBefore(now));
    }
}
