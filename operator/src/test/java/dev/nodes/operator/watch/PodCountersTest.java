package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PodCountersTest {

    static PodCounters counters(String text) {
        return PodCounters.from(PrometheusText.parse(text));
    }

    @Test
    void theRealServicesTwoScrapesGiveTheWindowsTrafficAndP95() {
        PodCounters first = counters(PrometheusTextTest.resource("service-metrics-1.txt"));
        PodCounters second = counters(PrometheusTextTest.resource("service-metrics-2.txt"));
        // before the batch: 15 + 1 reads, 3 creates (the list route is "/v1/nodes/"), 3 unread counts
        assertEquals(19, first.requests(RouteFamily.NODES));
        assertEquals(3, first.requests(RouteFamily.NOTIFICATIONS));
        assertEquals(1.795654310067E9, first.processStartSeconds());

        PodCounters window = second.since(first).orElseThrow();
        // the batch: 40 reads, 10 misses (404), 10 listings; /health and /metrics are not in the family
        assertEquals(60, window.requests(RouteFamily.NODES));
        assertEquals(40, window.cacheHits());
        assertEquals(10, window.cacheMisses());
        // delta buckets: 47 <= 5 ms, 59 <= 10 ms, 60 in all; rank 57 = 5 + 5 * (57 - 47) / (59 - 47) ms
        assertEquals(
                0.005 + 0.005 * 10 / 12,
                window.families().get(RouteFamily.NODES).quantile(0.95).orElseThrow(),
                1e-12);
        // 30 unread counts and 20 inbox pages: 46 <= 5 ms, 50 <= 10 ms; rank 47.5 = 5 + 5 * 1.5 / 4 ms
        assertEquals(50, window.requests(RouteFamily.NOTIFICATIONS));
        assertEquals(
                0.006875,
                window.families().get(RouteFamily.NOTIFICATIONS).quantile(0.95).orElseThrow(),
                1e-12);
    }

    @Test
    void familiesAggregateEveryRouteMethodAndStatusUnderTheirPrefixOnly() {
        PodCounters c = counters("""
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="0.01"} 1
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="+Inf"} 1
                http_server_requests_seconds_bucket{method="POST",route="/v1/nodes/{ref}/views",status="500",le="0.01"} 2
                http_server_requests_seconds_bucket{method="POST",route="/v1/nodes/{ref}/views",status="500",le="+Inf"} 3
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodesx",status="200",le="0.01"} 100
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodesx",status="200",le="+Inf"} 100
                http_server_requests_seconds_bucket{method="GET",route="/v1/notifications/unread-count",status="200",le="0.01"} 7
                http_server_requests_seconds_bucket{method="GET",route="/v1/notifications/unread-count",status="200",le="+Inf"} 7
                http_server_requests_seconds_bucket{method="GET",route="unmatched",status="404",le="+Inf"} 9
                nodes_cache_requests_total{backend="redis",result="hit"} 10
                nodes_cache_requests_total{backend="memory",result="hit"} 5
                nodes_cache_requests_total{backend="redis",result="miss"} 4
                nodes_cache_requests_total{backend="redis",result="error"} 99
                """);
        assertEquals(4, c.requests(RouteFamily.NODES));
        assertEquals(7, c.requests(RouteFamily.NOTIFICATIONS));
        assertEquals(15, c.cacheHits());
        assertEquals(4, c.cacheMisses());
    }

    @Test
    void aRestartedPodHasNoDelta() {
        String before = """
                process_start_time_seconds 1000
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="+Inf"} 100
                nodes_cache_requests_total{backend="redis",result="hit"} 80
                """;
        // restarted and already past the old counts: only the start time gives it away
        String restartedBusy = """
                process_start_time_seconds 2000
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="+Inf"} 150
                nodes_cache_requests_total{backend="redis",result="hit"} 90
                """;
        assertTrue(counters(restartedBusy).since(counters(before)).isEmpty());
        // without a start time, a counter that went down
        String noStart = before.replace("process_start_time_seconds 1000\n", "");
        assertTrue(counters(noStart.replace("} 100", "} 10"))
                .since(counters(noStart))
                .isEmpty());
        assertTrue(counters(noStart.replace("} 80", "} 8"))
                .since(counters(noStart))
                .isEmpty());
        // a family that vanished
        assertTrue(counters("nodes_cache_requests_total{backend=\"redis\",result=\"hit\"} 80\n")
                .since(counters(noStart))
                .isEmpty());
        assertEquals(
                50,
                counters(noStart.replace("} 100", "} 150"))
                        .since(counters(noStart))
                        .orElseThrow()
                        .requests(RouteFamily.NODES));
    }

    @Test
    void podsSum() {
        PodCounters a = counters("""
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="0.01"} 3
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="+Inf"} 4
                nodes_cache_requests_total{backend="redis",result="hit"} 2
                """);
        PodCounters b = counters("""
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="0.01"} 1
                http_server_requests_seconds_bucket{method="GET",route="/v1/nodes",status="200",le="+Inf"} 6
                nodes_cache_requests_total{backend="redis",result="miss"} 3
                """);
        PodCounters sum = PodCounters.ZERO.plus(a).plus(b);
        assertEquals(10, sum.requests(RouteFamily.NODES));
        assertEquals(2, sum.cacheHits());
        assertEquals(3, sum.cacheMisses());
    }
}
