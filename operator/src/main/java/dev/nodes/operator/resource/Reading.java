package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Nullable;
import java.util.Map;

/**
 * The last evaluated watch window. Its maps are nullable in the schema: when a window measured nothing (the first
 * scrape after an operator restart), server-side apply on Kubernetes 1.20 turns the maps the status manager no
 * longer sends into nulls, and a non-nullable schema then refuses the whole status write (422).
 */
public class Reading {
    public String at;
    /** Length of the window the deltas cover. */
    public Long windowSeconds;
    /** Pods whose metrics made it into the reading, of those the Endpoints list (at most the scrape cap). */
    public Integer pods;
    /** Route family to p95 latency in ms, for families with enough requests in the window. */
    @Nullable
    public Map<String, Double> p95Millis;
    /** Route family to the requests in the window. */
    @Nullable
    public Map<String, Long> requests;
    /** hit / (hit + miss) over the window, all backends; absent with too few lookups. */
    public Double cacheHitRatio;

    public Long cacheLookups;
    /** Redis used_memory / maxmemory; absent when maxmemory is 0 (no limit) or Redis is unreachable. */
    public Double redisMemoryRatio;
    /** What could not be read (pods skipped, too few requests, metrics unavailable). */
    public String message;
}
