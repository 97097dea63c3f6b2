package dev.nodes.service.nodes.cache;

import dev.nodes.contracts.MetricNames;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * {@code nodes_cache_requests_total{result,backend}}, {@code nodes_cache_evictions_total{backend,reason}},
 * {@code nodes_cache_errors_total{backend}}, {@code nodes_cache_entries{backend}}, and with Redis
 * {@code nodes_cache_redis_recoveries_total{outcome}} and {@code nodes_cache_journal_replayed_total}, and with the near
 * cache {@code nodes_cache_requests_total{result="hit",backend="near"}} (a near miss goes on to Redis and is
 * counted there, so the series still add up to the lookups), {@code nodes_cache_near_resets_total} and
 * {@code nodes_cache_near_ack_timeouts_total}. Data points are resolved once so a cache hit costs one atomic
 * increment.
 */
final class NodeCacheMetrics {
    static final String REDIS = "redis";
    static final String MEMORY = "memory";
    static final String NEAR = "near";

    /** Counters of one backend. */
    record BackendCounters(
            CounterDataPoint hits,
            CounterDataPoint misses,
            CounterDataPoint capacityEvictions,
            CounterDataPoint invalidationEvictions) {}

    private final PrometheusRegistry registry;
    private final BackendCounters memory;
    private final BackendCounters redis;
    private final CounterDataPoint redisErrors;
    private final Counter recoveries;
    private final CounterDataPoint journalReplayed;
    private final CounterDataPoint nearHits;
    private final CounterDataPoint nearResets;
    private final CounterDataPoint nearAckTimeouts;

    NodeCacheMetrics(PrometheusRegistry registry, boolean redisConfigured, boolean nearCache) {
        this.registry = registry;
        Counter requests = Counter.builder()
                .name(MetricNames.CACHE_REQUESTS)
                .help("Node cache lookups by result and backend")
                .labelNames(MetricNames.LABEL_RESULT, "backend")
                .register(registry);
        Counter evictions = Counter.builder()
                .name("nodes_cache_evictions_total")
                .help("Node cache entries removed by the cap (capacity) or by a write (invalidation)")
                .labelNames("backend", "reason")
                .register(registry);
        Counter errors = Counter.builder()
                .name("nodes_cache_errors_total")
                .help("Cache backend errors; the request was served from the database")
                .labelNames("backend")
                .register(registry);
        this.memory = counters(requests, evictions, MEMORY);
        this.redis = redisConfigured ? counters(requests, evictions, REDIS) : null;
        this.redisErrors = redisConfigured ? errors.labelValues(REDIS) : null;
        this.recoveries = redisConfigured
                ? Counter.builder()
                        .name("nodes_cache_redis_recoveries_total")
                        .help(
                                "Returns to Redis after an outage: replayed (only the invalidations missed meanwhile were "
                                        + "applied) or purged (the namespace was emptied: journal overflow or another server)")
                        .labelNames("outcome")
                        .register(registry)
                : null;
        if (recoveries != null) {
            // both series from the start, so a dashboard sees 0 rather than nothing
            recoveries.labelValues("replayed");
            recoveries.labelValues("purged");
        }
        this.journalReplayed = redisConfigured
                ? Counter.builder()
                        .name("nodes_cache_journal_replayed_total")
                        .help("Invalidations Redis missed during outages, applied at the recovery")
                        .register(registry)
                        .labelValues()
                : null;
        this.nearHits = nearCache ? requests.labelValues(MetricNames.RESULT_HIT, NEAR) : null;
        this.nearResets = nearCache
                ? Counter.builder()
                        .name("nodes_cache_near_resets_total")
                        .help("Near cache emptied with entries in it: subscription lost, Redis not in use, a namespace "
                                + "purge, or a write that reached Redis without a message (an older replica)")
                        .register(registry)
                        .labelValues()
                : null;
        this.nearAckTimeouts = redisConfigured
                ? Counter.builder()
                        .name("nodes_cache_near_ack_timeouts_total")
                        .help("Writes that stopped waiting for a replica's near cache to drop the node (the replica"
                                + " was paused or cut off; its lease had run out when the write returned)")
                        .register(registry)
                        .labelValues()
                : null;
    }

    private static BackendCounters counters(Counter requests, Counter evictions, String backend) {
        return new BackendCounters(
                requests.labelValues(MetricNames.RESULT_HIT, backend),
                requests.labelValues(MetricNames.RESULT_MISS, backend),
                evictions.labelValues(backend, "capacity"),
                evictions.labelValues(backend, "invalidation"));
    }

    BackendCounters memory() {
        return memory;
    }

    BackendCounters redis() {
        return redis;
    }

    void redisError() {
        redisErrors.inc();
    }

    void redisRecovery(String outcome) {
        recoveries.labelValues(outcome).inc();
    }

    void journalReplayed(int invalidations) {
        journalReplayed.inc(invalidations);
    }

    CounterDataPoint nearHits() {
        return nearHits;
    }

    void nearReset() {
        nearResets.inc();
    }

    void nearAckTimeout() {
        nearAckTimeouts.inc();
    }

    /** The gauge reads the sizes at scrape time; {@code redisEntries} and {@code nearEntries} may be null. */
    void registerEntries(LongSupplier memoryEntries, LongSupplier redisEntries, LongSupplier nearEntries) {
        GaugeWithCallback.builder()
                .name("nodes_cache_entries")
                .help("Node cache entries (one per cached node) by backend")
                .labelNames("backend")
                .callback(callback -> {
                    callback.call(memoryEntries.getAsLong(), MEMORY);
                    if (redisEntries != null) {
                        callback.call(redisEntries.getAsLong(), REDIS);
                    }
                    if (nearEntries != null) {
                        callback.call(nearEntries.getAsLong(), NEAR);
                    }
                })
                .register(registry);
    }
}
