package dev.nodes.service.auth;

import dev.nodes.service.http.ApiException;
import io.helidon.http.Status;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per user in this process: {@code perSecond} requests a second on average, bursts up to
 * {@code burst}. Over the limit a request is refused with 429 {@code rate_limited} and a Retry-After. Plain users
 * only: moderators' and admins' tools (and the operator's profiling Job) are not throttled. Off when the rate is 0.
 */
public final class RateLimiter {
    private static final int MAX_TRACKED_USERS = 100_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.nanoTime = nanoTime;
    }

    public static RateLimiter off() {
        return new RateLimiter(0, 1, System::nanoTime);
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /** Takes one token for the caller, or throws 429 with the seconds until one is available. */
    public void acquire(Caller caller) {
        if (!enabled() || caller.role() != Role.USER) {
            return;
        }
        if (buckets.size() >= MAX_TRACKED_USERS) {
            // idle users' buckets are full again: dropping them loses nothing
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
        }
        double wait = buckets.computeIfAbsent(caller.userId(), id -> new Bucket(nanoTime.getAsLong()))
                .take(nanoTime.getAsLong());
        if (wait > 0) {
            long retryAfter = (long) Math.ceil(wait);
            throw new ApiException(
                    Status.TOO_MANY_REQUESTS_429,
                    "rate_limited",
                    "too many requests; retry after " + retryAfter + " s",
                    Map.of("retry_after_seconds", retryAfter));
        }
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt;

        Bucket(long now) {
            this.refilledAt = now;
        }

        /** 0 when a token was taken, else the seconds until one is there. */
        synchronized double take(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }

        synchronized boolean fullAt(long now) {
            return tokens + (now - refilledAt) / 1e9 * perSecond >= burst;
        }
    }
}
