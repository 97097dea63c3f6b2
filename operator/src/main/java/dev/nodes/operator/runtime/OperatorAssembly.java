package dev.nodes.operator.runtime;

import dev.nodes.operator.events.EventRecorder;
import dev.nodes.operator.reconcile.NodesPlatformReconciler;
import dev.nodes.operator.redis.RedisConfigurator;
import dev.nodes.operator.watch.MetricsScraper;
import dev.nodes.operator.watch.RegressionWatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/** Wires the operator from settings; shared by Main and the tests so they run the same thing. */
public final class OperatorAssembly {
    private OperatorAssembly() {}

    /** The regression watch's scrape client: connect timeout half the deadline, at most scrapeMaxPods pods. */
    public static MetricsScraper scraper(OperatorSettings settings) {
        return new MetricsScraper(
                settings.scrapeTimeout().dividedBy(2), settings.scrapeTimeout(), settings.scrapeMaxPods());
    }

    /** A client that counts its requests in the metrics. */
    public static KubernetesClient client(Config config, OperatorMetrics metrics) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientBuilderConsumer(
                        b -> b.addOrReplaceInterceptor(ApiRequestCounter.NAME, new ApiRequestCounter(metrics)))
                .build();
    }

    /**
     * @param extra test-only overrides (the mock server has no server-side apply); production passes none
     */
    public static Operator operator(
            KubernetesClient client,
            OperatorSettings settings,
            OperatorMetrics metrics,
            String instance,
            Consumer<ConfigurationServiceOverrider> extra) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .checkingCRDAndValidateLocalModel(false)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCloseClientOnStop(false)
                    // server-side apply for every child, the ConfigMap too (JOSDK leaves ConfigMaps and Secrets out by
                    // default)
                    .withDefaultNonSSAResource(Set.of(Secret.class));
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace(), instance));
            }
            extra.accept(o);
        });
        NodesPlatformReconciler reconciler = new NodesPlatformReconciler(
                client,
                new RedisConfigurator((int) settings.redisTimeout().toMillis()),
                new EventRecorder(client, Clock.systemUTC(), instance),
                metrics,
                Clock.systemUTC(),
                new RegressionWatch(scraper(settings)));
        operator.register(reconciler, c -> {
            c.withName("nodesplatform");
            c.withReconciliationMaxInterval(settings.resyncInterval());
            // status writes bump no generation; only spec changes, child and Secret events trigger reconciles
            c.withGenerationAware(true);
            // a failed reconcile (status and an Event say why) is retried with backoff for as long as it fails:
            // 1 s, 2 s, 4 s ... at most every 2 minutes; the resync and any new event try too
            c.withRetry(new GenericRetry()
                    .setInitialInterval(1000)
                    .setIntervalMultiplier(2)
                    .setMaxInterval(120_000)
                    .withoutMaxAttempts());
            if (settings.watchNamespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(settings.watchNamespaces());
            }
        });
        return operator;
    }
}
