package dev.nodes.operator.runtime;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/** The operator's own metrics, served at /metrics. */
public class OperatorMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter reconciliations = Counter.builder()
            .name("nodes_operator_reconciliations_total")
            .help("Reconciliations of NodesPlatform resources by result")
            .labelNames("result")
            .register(registry);
    private final Histogram reconcileSeconds = Histogram.builder()
            .name("nodes_operator_reconcile_duration_seconds")
            .help("Time spent in one reconciliation")
            .register(registry);
    private final Counter apiRequests = Counter.builder()
            .name("nodes_operator_kube_api_requests_total")
            .help("Requests to the Kubernetes API server by HTTP method (watches count as GET)")
            .labelNames("method")
            .register(registry);
    private final Counter childWrites = Counter.builder()
            .name("nodes_operator_child_writes_total")
            .help("Child objects created or updated, by kind and action")
            .labelNames("kind", "action")
            .register(registry);

    private final Counter watchWindows = Counter.builder()
            .name("nodes_operator_watch_windows_total")
            .help("Regression-watch windows evaluated, by result (read, priming, unavailable)")
            .labelNames("result")
            .register(registry);
    private final Histogram watchWindowSeconds = Histogram.builder()
            .name("nodes_operator_watch_window_seconds")
            .help("Time to evaluate one watch window: Endpoints, scrapes, Redis INFO")
            .register(registry);

    public OperatorMetrics withJvmMetrics() {
        JvmMetrics.builder().register(registry);
        return this;
    }

    public void reconciled(boolean success, long nanos) {
        reconciliations.labelValues(success ? "success" : "error").inc();
        reconcileSeconds.observe(nanos / 1e9);
    }

    public void watchWindow(String result, long nanos) {
        watchWindows.labelValues(result).inc();
        watchWindowSeconds.observe(nanos / 1e9);
    }

    /** Total seconds spent evaluating watch windows so far. */
    public double watchWindowSecondsTotal() {
        return watchWindowSeconds.collect().getDataPoints().getFirst().getSum();
    }

    /** Windows evaluated so far with this result. */
    public double watchWindows(String result) {
        return watchWindows.labelValues(result).get();
    }

    public void apiRequest(String method) {
        apiRequests.labelValues(method).inc();
    }

    public void childWritten(String kind, String action) {
        childWrites.labelValues(kind, action).inc();
    }

    /** Total requests with this method so far (for the no-op reconcile measurement). */
    public double apiRequests(String method) {
        return apiRequests.labelValues(method).get();
    }

    /** Reconciliations finished so far, successful or not. */
    public double reconciliations() {
        return reconciliations.labelValues("success").get()
                + reconciliations.labelValues("error").get();
    }

    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    }
}
