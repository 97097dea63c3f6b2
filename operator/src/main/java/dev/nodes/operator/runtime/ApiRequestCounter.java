package dev.nodes.operator.runtime;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/** Counts every request the Kubernetes client sends, by method: how we know a no-op reconcile writes nothing. */
public class ApiRequestCounter implements Interceptor {
    public static final String NAME = "nodes-operator-api-request-counter";
    private final OperatorMetrics metrics;

    public ApiRequestCounter(OperatorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        metrics.apiRequest(request.method());
    }
}
