package dev.nodes.service.nodes.embedding;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** {@code nodes_embedding_requests_total{provider, result}} and {@code nodes_embedding_seconds{provider}}. */
final class EmbeddingMetrics {
    static final String SUCCESS = "success";
    static final String ERROR = "error";
    static final String TIMEOUT = "timeout";
    static final String DISABLED = "disabled";

    private final Counter requests;
    private final Histogram seconds;

    EmbeddingMetrics(PrometheusRegistry registry, String provider) {
        this.requests = Counter.builder()
                .name("nodes_embedding_requests_total")
                .help("Embedding requests by provider and result")
                .labelNames("provider", "result")
                .register(registry);
        this.seconds = Histogram.builder()
                .name("nodes_embedding_seconds")
                .help("Time to compute one node embedding, retries included")
                .unit(Unit.SECONDS)
                .labelNames("provider")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .register(registry);
        // series exist from the start (at 0), so rate() and alerts see the first event
        if (provider.equals(DISABLED)) {
            requests.initLabelValues(provider, DISABLED);
        } else {
            for (String result : new String[] {SUCCESS, ERROR, TIMEOUT}) {
                requests.initLabelValues(provider, result);
            }
            seconds.initLabelValues(provider);
        }
    }

    void record(String provider, String result, double elapsedSeconds) {
        requests.labelValues(provider, result).inc();
        seconds.labelValues(provider).observe(elapsedSeconds);
    }

    void disabled() {
        requests.labelValues(DISABLED, DISABLED).inc();
    }

    double count(String provider, String result) {
        return requests.labelValues(provider, result).get();
    }
}
