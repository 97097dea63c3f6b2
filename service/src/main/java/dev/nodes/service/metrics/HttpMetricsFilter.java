package dev.nodes.service.metrics;

import dev.nodes.contracts.MetricNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** Times every request into {@code http_server_requests_seconds}, labelled by the route template. */
public final class HttpMetricsFilter implements Filter {
    private final Histogram requests;

    public HttpMetricsFilter(PrometheusRegistry registry) {
        this.requests = Histogram.builder()
                .name(MetricNames.HTTP_REQUESTS)
                .help("HTTP requests served, by route template")
                .unit(Unit.SECONDS)
                .labelNames("method", MetricNames.LABEL_ROUTE, "status")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            // the catch-all 404 route has an empty pattern: label it, never with the raw path
            String route =
                    req.matchingPattern().filter(pattern -> !pattern.isEmpty()).orElse("unmatched");
            requests.labelValues(
                            req.prologue().method().text(),
                            route,
                            String.valueOf(res.status().code()))
                    .observe(seconds);
        }
    }
}
