package dev.nodes.profiling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheCountersTest {

    @Test
    void sumsHitsAndMissesOverBackends() {
        String exposition = """
                # HELP nodes_cache_requests_total Node cache lookups
                # TYPE nodes_cache_requests_total counter
                nodes_cache_requests_total{backend="memory",result="hit"} 10.0
                nodes_cache_requests_total{backend="redis",result="hit"} 5.0
                nodes_cache_requests_total{backend="redis",result="miss"} 3.0
                nodes_cache_evictions_total{backend="redis",reason="capacity"} 7.0
                """;
        CacheCounters counters = CacheCounters.parse(exposition).orElseThrow();
        assertEquals(15.0, counters.hits());
        assertEquals(3.0, counters.misses());
        assertEquals(
                "cache: 75.0% hits (3 hits, 1 misses)",
                CacheCounters.describe(Optional.of(new CacheCounters(12, 2)), Optional.of(counters)));
    }

    @Test
    void absentCountersSayWhy() {
        assertTrue(CacheCounters.parse("http_server_requests_seconds_count 3\n").isEmpty());
        assertEquals(
                "cache: no nodes_cache_requests_total on /metrics",
                CacheCounters.describe(Optional.empty(), Optional.empty()));
    }
}
