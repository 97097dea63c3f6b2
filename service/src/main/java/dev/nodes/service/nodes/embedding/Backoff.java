package dev.nodes.service.nodes.embedding;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(max, initial * 2^(n-1))}, so retries of many clients spread out instead of arriving together.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long ceiling = ceilingMillis(retry);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** The longest {@link #delay} can be for that retry. */
    public long ceilingMillis(int retry) {
        int doublings = Math.max(0, Math.min(retry - 1, 30));
        long grown = initial.toMillis() << doublings;
        return Math.min(max.toMillis(), grown < 0 ? Long.MAX_VALUE : grown);
    }
}
