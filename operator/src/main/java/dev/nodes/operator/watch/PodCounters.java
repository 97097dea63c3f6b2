package dev.nodes.operator.watch;

import dev.nodes.contracts.MetricNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the watch takes from one pod's {@code /metrics}: the request-latency buckets of each route
 * family (all routes, methods and statuses of the family summed), node-cache hits and misses (all
 * backends) and the process start time. Counters only grow inside one process, so two scrapes of the
 * same pod give the window's traffic by subtraction.
 *
 * @param processStartSeconds {@code process_start_time_seconds}, or null when the pod does not expose it
 */
public record PodCounters(
        Map<String, Buckets> families, double cacheHits, double cacheMisses, Double processStartSeconds) {
    public static final String HTTP_BUCKET = MetricNames.HTTP_REQUESTS_BUCKET;
    public static final String CACHE_REQUESTS = MetricNames.CACHE_REQUESTS;
    public static final String PROCESS_START = MetricNames.PROCESS_START;

    public static final PodCounters ZERO = new PodCounters(Map.of(), 0, 0, null);

    public PodCounters {
        families = Map.copyOf(families);
    }

    public static PodCounters from(PrometheusText.Scrape scrape) {
        Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        double hits = 0;
        double misses = 0;
        Double started = null;
        for (PrometheusText.Sample s : scrape.samples()) {
            switch (s.name()) {
                case HTTP_BUCKET -> {
                    Optional<String> family = RouteFamily.of(s.label(MetricNames.LABEL_ROUTE));
                    String le = s.label("le");
                    if (family.isPresent() && le != null) {
                        double bound = PrometheusText.parseValue(le, 0);
                        buckets.computeIfAbsent(family.get(), f -> new TreeMap<>())
                                .merge(bound, s.value(), Double::sum);
                    }
                }
                case CACHE_REQUESTS -> {
                    if (MetricNames.RESULT_HIT.equals(s.label(MetricNames.LABEL_RESULT))) {
                        hits += s.value();
                    } else if (MetricNames.RESULT_MISS.equals(s.label(MetricNames.LABEL_RESULT))) {
                        misses += s.value();
                    }
                }
                case PROCESS_START -> started = s.value();
                default -> {}
            }
        }
        Map<String, Buckets> families = new LinkedHashMap<>();
        buckets.forEach((family, b) -> families.put(family, new Buckets(b)));
        return new PodCounters(families, hits, misses, started);
    }

    /**
     * The traffic since {@code earlier}; empty when the pod restarted in between (a different start
     * time, or any counter went down), so that a reset is never read as negative or partial traffic.
     */
    public Optional<PodCounters> since(PodCounters earlier) {
        if (processStartSeconds != null
                && earlier.processStartSeconds != null
                && !processStartSeconds.equals(earlier.processStartSeconds)) {
            return Optional.empty();
        }
        if (cacheHits < earlier.cacheHits || cacheMisses < earlier.cacheMisses) {
            return Optional.empty();
        }
        for (String family : earlier.families.keySet()) {
            if (!families.containsKey(family)) {
                return Optional.empty(); // a series vanished: a new process
            }
        }
        Map<String, Buckets> delta = new LinkedHashMap<>();
        for (Map.Entry<String, Buckets> e : families.entrySet()) {
            Optional<Buckets> d = e.getValue().minus(earlier.families.getOrDefault(e.getKey(), Buckets.EMPTY));
            if (d.isEmpty()) {
                return Optional.empty();
            }
            delta.put(e.getKey(), d.get());
        }
        return Optional.of(new PodCounters(
                delta, cacheHits - earlier.cacheHits, cacheMisses - earlier.cacheMisses, processStartSeconds));
    }

    /** Sum of two pods' window traffic. */
    public PodCounters plus(PodCounters other) {
        Map<String, Buckets> sum = new LinkedHashMap<>(families);
        other.families.forEach((family, b) -> sum.merge(family, b, Buckets::plus));
        return new PodCounters(sum, cacheHits + other.cacheHits, cacheMisses + other.cacheMisses, null);
    }

    public double requests(String family) {
        Buckets b = families.get(family);
        return b == null ? 0 : b.count();
    }

    public double cacheLookups() {
        return cacheHits + cacheMisses;
    }
}
