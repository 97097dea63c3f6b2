package dev.nodes.operator;

import dev.nodes.operator.runtime.OperatorAssembly;
import dev.nodes.operator.runtime.OperatorMetrics;
import dev.nodes.operator.runtime.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/** Runs the operator as Main wires it, against a given client. */
public final class OperatorHarness implements AutoCloseable {
    public final OperatorMetrics metrics;
    public final Operator operator;

    private OperatorHarness(OperatorMetrics metrics, Operator operator) {
        this.metrics = metrics;
        this.operator = operator;
    }

    public static OperatorHarness start(
            KubernetesClient client,
            OperatorMetrics metrics,
            Set<String> namespaces,
            Duration resync,
            Consumer<ConfigurationServiceOverrider> extra) {
        OperatorSettings settings =
                new OperatorSettings(namespaces, false, "unused", "default", 0, resync, Duration.ofSeconds(2));
        Operator operator = OperatorAssembly.operator(client, settings, metrics, "test", extra);
        operator.start();
        return new OperatorHarness(metrics, operator);
    }

    @Override
    public void close() {
        operator.stop();
    }
}
