package dev.nodes.operator;

import dev.nodes.operator.runtime.OperatorAssembly;
import dev.nodes.operator.runtime.OperatorMetrics;
import dev.nodes.operator.runtime.OperatorSettings;
import dev.nodes.operator.runtime.ProbeServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator until SIGTERM, then stops reconciling, lets running reconciles end, and exits. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        OperatorMetrics metrics = new OperatorMetrics().withJvmMetrics();
        KubernetesClient client = OperatorAssembly.client(Config.autoConfigure(null), metrics);
        String instance = System.getenv()
                .getOrDefault("POD_NAME", InetAddress.getLocalHost().getHostName());
        Operator operator = OperatorAssembly.operator(client, settings, metrics, instance, o -> {});
        ProbeServer probes = new ProbeServer(
                        settings.httpPort(),
                        metrics,
                        () -> operator.getRuntimeInfo().isStarted()
                                && operator.getRuntimeInfo().allEventSourcesAreHealthy())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping: finishing running reconciles");
                            try {
                                operator.stop();
                            } finally {
                                probes.close();
                                client.close();
                                stopped.countDown();
                            }
                        },
                        "shutdown"));
        LOG.info(
                "starting; namespaces={} leaderElection={} http port={}",
                settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
                settings.leaderElection(),
                probes.port());
        operator.start();
        stopped.await();
    }
}
