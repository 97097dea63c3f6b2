package dev.nodes.operator.watch;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Cumulative histogram buckets (upper bound {@code le} to the count of observations at or below it,
 * {@code +Inf} included), summed over any number of series. Immutable.
 */
public record Buckets(NavigableMap<Double, Double> cumulative) {
    public static final Buckets EMPTY = new Buckets(new TreeMap<>());

    public Buckets {
        cumulative = Collections.unmodifiableNavigableMap(new TreeMap<>(cumulative));
    }

    /** Observations counted: the {@code +Inf} bucket (or the largest bucket when there is none). */
    public double count() {
        if (cumulative.isEmpty()) {
            return 0;
        }
        Double inf = cumulative.get(Double.POSITIVE_INFINITY);
        return inf != null ? inf : cumulative.lastEntry().getValue();
    }

    public Buckets plus(Buckets other) {
        TreeMap<Double, Double> sum = new TreeMap<>(cumulative);
        other.cumulative.forEach((le, n) -> sum.merge(le, n, Double::sum));
        return new Buckets(sum);
    }

    /**
     * This minus an earlier reading of the same series; empty when any bucket went down (the process
     * restarted and its counters began again) or the bucket layout changed.
     */
    public Optional<Buckets> minus(Buckets earlier) {
        if (!earlier.cumulative.keySet().equals(cumulative.keySet()) && !earlier.cumulative.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            double d = e.getValue() - earlier.cumulative.getOrDefault(e.getKey(), 0.0);
            if (d < 0) {
                return Optional.empty();
            }
            delta.put(e.getKey(), d);
        }
        return Optional.of(new Buckets(delta));
    }

    /**
     * The q-quantile the way Prometheus's {@code histogram_quantile} estimates it: find the bucket the
     * rank falls in and interpolate linearly inside it (the first bucket starts at 0); a rank in the
     * {@code +Inf} bucket gives the largest finite bound. Empty without observations.
     */
    public OptionalDouble quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile outside [0, 1]: " + q);
        }
        double total = count();
        if (total <= 0 || cumulative.isEmpty()) {
            return OptionalDouble.empty();
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            double upperBound = e.getKey();
            double upperCount = e.getValue();
            if (upperCount >= rank && upperCount > lowerCount) {
                if (Double.isInfinite(upperBound)) {
                    return OptionalDouble.of(lowerBound);
                }
                if (upperBound <= 0) {
                    return OptionalDouble.of(upperBound);
                }
                return OptionalDouble.of(
                        lowerBound + (upperBound - lowerBound) * (rank - lowerCount) / (upperCount - lowerCount));
            }
            lowerBound = upperBound;
            lowerCount = upperCount;
        }
        return OptionalDouble.of(lowerBound);
    }
}
