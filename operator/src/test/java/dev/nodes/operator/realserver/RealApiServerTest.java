package dev.nodes.operator.realserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.OperatorHarness;
import dev.nodes.operator.ProjectPaths;
import dev.nodes.operator.RedisConfigGuard;
import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.chart.ChartRendering;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformStatus;
import dev.nodes.operator.resource.Phase;
import dev.nodes.operator.resource.Reading;
import dev.nodes.operator.runtime.OperatorAssembly;
import dev.nodes.operator.runtime.OperatorMetrics;
import dev.nodes.operator.status.Conditions;
import dev.nodes.operator.status.ReadingStatus;
import dev.nodes.operator.watch.WindowReading;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1beta1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real API server: schema validation and defaulting, the status subresource with
 * server-side apply, and the operator running with exactly the chart's RBAC (impersonating the
 * chart's ServiceAccount). No kubelet or controllers run: the test plays them by writing status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealApiServerTest {
    static final String NS = "real";
    static final Duration WAIT = Duration.ofSeconds(60);
    static KubernetesClient admin;
    static KubernetesClient operatorClient;
    static OperatorMetrics metrics;
    static OperatorHarness harness;
    static RedisConfigGuard redis;
    static long createToReadyMillis = -1;

    @BeforeAll
    static void start() throws IOException {
        redis = new RedisConfigGuard();
        Config adminConfig = RealApiServer.adminConfig();
        admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
        CustomResourceDefinition crd = admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .load(Files.newInputStream(ProjectPaths.checkedInCrd()))
                .item();
        admin.resource(crd).create();
        admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(
                        c -> c.getStatus() != null
                                && c.getStatus().getConditions().stream()
                                        .anyMatch(
                                                x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                        30,
                        TimeUnit.SECONDS);
        for (String ns : List.of(NS, ChartRendering.NAMESPACE)) {
            admin.resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        String serviceAccount = installChartRbac();

        // the operator's own client: the chart's ServiceAccount, nothing more
        metrics = new OperatorMetrics();
        Config asOperator = RealApiServer.adminConfig();
        asOperator.setImpersonateUsername("system:serviceaccount:" + ChartRendering.NAMESPACE + ":" + serviceAccount);
        asOperator.setImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:" + ChartRendering.NAMESPACE, "system:authenticated");
        operatorClient = OperatorAssembly.client(asOperator, metrics);
        admin.resource(TestPlatforms.dbSecret(NS, "jdbc:postgresql://db/nodes", "pw"))
                .create();
        admin.resource(TestPlatforms.jwtSecret(NS)).create();
        harness = OperatorHarness.start(operatorClient, metrics, Set.of(NS), Duration.ofMinutes(10), o -> {});
    }

    /** Applies the chart's ServiceAccount, Role and RoleBinding for watching only NS; returns the account's name. */
    static String installChartRbac() {
        List<HasMetadata> rendered =
                ChartRendering.parse(ChartRendering.render(Map.of("watchNamespaces[0]", NS, "crd.install", false)));
        for (Class<? extends HasMetadata> kind : List.of(ServiceAccount.class, Role.class, RoleBinding.class)) {
            ChartRendering.ofType(rendered, kind).forEach(o -> admin.resource(o).create());
        }
        return ChartRendering.ofType(rendered, ServiceAccount.class)
                .getFirst()
                .getMetadata()
                .getName();
    }

    @AfterAll
    static void stop() throws IOException {
        if (harness != null) {
            harness.close();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (createToReadyMillis >= 0) {
            Path out = Path.of("target", "measurements", "operator-real-apiserver.json");
            Files.createDirectories(out.getParent());
            Files.writeString(
                    out,
                    "{\"create_to_ready_millis\": " + createToReadyMillis
                            + ", \"noop_reconciles\": " + noopReconciles + ", \"noop_reconcile_writes\": " + noopWrites
                            + ", \"noop_reconcile_requests\": " + noopRequests
                            + ", \"regression_watch\": " + watchMeasurements
                            + ", \"redis_drift_undone_millis\": " + redisDriftUndoneMillis
                            + ", \"config_map_drift_undone_millis\": " + configDriftUndoneMillis
                            + ", \"scale_drift_undone_millis\": " + scaleDriftUndoneMillis + "}\n");
            System.out.println("operator measurements: " + Files.readString(out));
        }
    }

    static NodesPlatform get(String name) {
        return admin.resources(NodesPlatform.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    static Phase phase(String name) {
        NodesPlatform np = get(name);
        return np == null || np.getStatus() == null ? null : np.getStatus().phase;
    }

    static Job pendingJob(String name) {
        return admin.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(name + "-migrate-"))
                .filter(j -> j.getStatus() == null
                        || j.getStatus().getConditions() == null
                        || j.getStatus().getConditions().isEmpty())
                .findFirst()
                .orElse(null);
    }

    static Deployment deployment(String name) {
        return admin.apps().deployments().inNamespace(NS).withName(name).get();
    }

    /** What the job controller would write when the migrate container exits 0. */
    static void markSucceeded(Job job) {
        // a patch of the status subresource: the operator may write the object meanwhile
        admin.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(new JobStatusBuilder()
                            .withStartTime("2026-01-01T00:00:00Z")
                            .withCompletionTime("2026-01-01T00:00:05Z")
                            .withSucceeded(1)
                            .addNewCondition()
                            .withType("Complete")
                            .withStatus("True")
                            .withLastProbeTime("2026-01-01T00:00:05Z")
                            .withLastTransitionTime("2026-01-01T00:00:05Z")
                            .endCondition()
                            .build());
                    return j;
                });
    }

    /** What the deployment controller and kubelets would write once every pod of the template is available. */
    static void markRolledOut(String name) {
        admin.apps().deployments().inNamespace(NS).withName(name).editStatus(d -> {
            int n = d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(n)
                    .withUpdatedReplicas(n)
                    .withReadyReplicas(n)
                    .withAvailableReplicas(n)
                    .build());
            return d;
        });
    }

    @Test
    @Order(1)
    void theServerDefaultsAndValidatesTheResource() {
        NodesPlatform minimal = TestPlatforms.platform(NS, "defaults");
        minimal.getMetadata().setUid(null);
        minimal.getMetadata().setGeneration(null);
        minimal.getSpec().paused = true; // only the schema is under test here
        GenericKubernetesResource raw = new GenericKubernetesResourceBuilder()
                .withApiVersion("platform.nodes.dev/v1alpha1")
                .withKind("NodesPlatform")
                .withNewMetadata()
                .withName("defaults")
                .withNamespace(NS)
                .endMetadata()
                .withAdditionalProperties(Map.of(
                        "spec",
                        Map.of(
                                "image",
                                "img:1",
                                "paused",
                                true,
                                "database",
                                Map.of("secretRef", "nodes-db"),
                                "auth",
                                Map.of("jwtSecretRef", "nodes-jwt"),
                                "redis",
                                Map.of("host", "127.0.0.1"))))
                .build();
        admin.resource(raw).create();
        NodesPlatform stored = get("defaults");
        assertEquals(300, stored.getSpec().cache.ttlSeconds);
        assertEquals(5000, stored.getSpec().cache.maxEntries);
        assertEquals(2, stored.getSpec().replicas);
        assertEquals("allkeys-lru", stored.getSpec().redis.maxmemoryPolicy.redisName());
        assertEquals(600, stored.getSpec().migrations.timeoutSeconds);
        assertEquals("5m", stored.getSpec().profiling.window);

        NodesPlatform tooLong = TestPlatforms.platform(NS, "invalid-ttl");
        tooLong.getMetadata().setUid(null);
        tooLong.getSpec().cache.ttlSeconds = 86401;
        KubernetesClientException e = assertThrows(
                KubernetesClientException.class, () -> admin.resource(tooLong).create());
        assertEquals(422, e.getCode());
        assertTrue(e.getMessage().contains("spec.cache.ttlSeconds"), e.getMessage());

        GenericKubernetesResource badPolicy = new GenericKubernetesResourceBuilder(raw)
                .editMetadata()
                .withName("invalid-policy")
                .endMetadata()
                .build();
        badPolicy.setAdditionalProperty(
                "spec",
                Map.of(
                        "image",
                        "img:1",
                        "database",
                        Map.of("secretRef", "nodes-db"),
                        "auth",
                        Map.of("jwtSecretRef", "nodes-jwt"),
                        "redis",
                        Map.of("host", "127.0.0.1", "maxmemoryPolicy", "lru-please")));
        assertEquals(
                422,
                assertThrows(
                                KubernetesClientException.class,
                                () -> admin.resource(badPolicy).create())
                        .getCode());
        NodesPlatform twoRedisTargets = TestPlatforms.platform(NS, "invalid-redis");
        twoRedisTargets.getMetadata().setUid(null);
        twoRedisTargets.getSpec().redis.secretRef = "nodes-redis";
        assertEquals(
                422,
                assertThrows(
                                KubernetesClientException.class,
                                () -> admin.resource(twoRedisTargets).create())
                        .getCode());
        await().atMost(WAIT).until(() -> phase("defaults") == Phase.Paused);
    }

    @Test
    @Order(1)
    void aReadingWithoutLatenciesAfterOneWithThemIsAcceptedByServerSideApply() {
        NodesPlatform np = TestPlatforms.platform(NS, "status-maps");
        np.getMetadata().setUid(null);
        np.getSpec().paused = true;
        admin.resource(np).create();
        Instant at = Instant.parse("2026-12-02T15:20:00Z");
        WindowReading full = new WindowReading(
                at,
                Duration.ofSeconds(10),
                false,
                null,
                2,
                2,
                Map.of("/v1/nodes", 9.8),
                Map.of("/v1/nodes", 500L),
                0.9,
                400,
                null,
                null,
                List.of());
        applyStatusReading(ReadingStatus.of(full));
        assertEquals(9.8, get("status-maps").getStatus().lastReading.p95Millis.get("/v1/nodes"));
        // what the operator sends on its first scrape after a restart: nothing measured yet. Kubernetes 1.20 turns
        // the maps the same manager stops sending into nulls: the schema must take them (it refused them with 422)
        applyStatusReading(ReadingStatus.of(WindowReading.priming(at.plusSeconds(10), 2, null, null, List.of())));
        Reading stored = get("status-maps").getStatus().lastReading;
        assertTrue(stored.p95Millis == null || stored.p95Millis.isEmpty(), String.valueOf(stored.p95Millis));
        assertTrue(stored.message.startsWith("first scrape"), stored.message);
        admin.resource(get("status-maps")).delete();
    }

    private static void applyStatusReading(Reading reading) {
        NodesPlatform patch = TestPlatforms.platform(NS, "status-maps");
        patch.getMetadata().setUid(null);
        patch.setSpec(null);
        patch.setStatus(new NodesPlatformStatus());
        patch.getStatus().lastReading = reading;
        admin.resource(patch)
                .subresource("status")
                .patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager("status-maps-test")
                        .withForce(true)
                        .build());
    }

    @Test
    @Order(2)
    void aFullRoundTripWithTheChartsPermissions() {
        long started = System.nanoTime();
        NodesPlatform np = TestPlatforms.platform(NS, "prod");
        np.getMetadata().setUid(null);
        np.getMetadata().setGeneration(null);
        admin.resource(np).create();

        await().atMost(WAIT).until(() -> pendingJob("prod") != null);
        assertNull(deployment("prod"), "the Deployment waits for the migration");
        assertEquals(Phase.Migrating, await().atMost(WAIT).until(() -> phase("prod"), p -> p == Phase.Migrating));
        markSucceeded(pendingJob("prod"));
        await().atMost(WAIT).until(() -> deployment("prod") != null);
        markRolledOut("prod");
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Ready);
        createToReadyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        NodesPlatform ready = get("prod");
        assertEquals(ready.getMetadata().getGeneration(), ready.getStatus().observedGeneration);
        assertEquals(5, ready.getStatus().conditions.size());
        assertEquals("allkeys-lru", ready.getStatus().redis.maxmemoryPolicy);
        assertEquals(
                ready.getMetadata().getUid(),
                deployment("prod").getMetadata().getOwnerReferences().getFirst().getUid());
        assertTrue(
                admin.v1().events().inNamespace(NS).list().getItems().stream()
                        .anyMatch(e -> "DeploymentCreated".equals(e.getReason())),
                "Events are recorded with the chart's permissions");
        // and those permissions are really all it has: the impersonation is in force
        assertEquals(
                403,
                assertThrows(
                                KubernetesClientException.class,
                                () -> operatorClient
                                        .secrets()
                                        .inNamespace(ChartRendering.NAMESPACE)
                                        .list())
                        .getCode());
        assertEquals(
                403,
                assertThrows(
                                KubernetesClientException.class,
                                () -> operatorClient
                                        .apps()
                                        .deployments()
                                        .inNamespace(NS)
                                        .withName("prod")
                                        .delete())
                        .getCode());
    }

    static long noopReconciles = -1;
    static long noopWrites = -1;
    static long noopRequests = -1;

    @Test
    @Order(3)
    void aReconcileThatChangesNothingWritesNothing() {
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Ready);
        double reconciles = metrics.reconciliations();
        double writesBefore = writes();
        double requestsBefore = writesBefore + metrics.apiRequests("GET");
        // a label on a child is an event for the operator, and not something it manages
        admin.services().inNamespace(NS).withName("prod").edit(s -> {
            s.getMetadata().getLabels().put("touched-by-test", "yes");
            return s;
        });
        await().atMost(WAIT).until(() -> metrics.reconciliations() > reconciles);
        noopReconciles = (long) (metrics.reconciliations() - reconciles);
        noopWrites = (long) (writes() - writesBefore);
        noopRequests = (long) (writes() + metrics.apiRequests("GET") - requestsBefore);
        assertEquals(0, noopWrites, "a reconcile that changes nothing must not write");
    }

    static double writes() {
        return metrics.apiRequests("POST")
                + metrics.apiRequests("PUT")
                + metrics.apiRequests("PATCH")
                + metrics.apiRequests("DELETE");
    }

    @Test
    @Order(4)
    void aTtlChangeUpdatesTheConfigMapAndRollsThePodTemplate() {
        String before = deployment("prod")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(ChildMetadata.CONFIG_HASH);
        admin.resources(NodesPlatform.class).inNamespace(NS).withName("prod").edit(np -> {
            np.getSpec().cache.ttlSeconds = 900;
            return np;
        });
        await().atMost(WAIT)
                .until(() -> "900"
                        .equals(admin.configMaps()
                                .inNamespace(NS)
                                .withName("prod-config")
                                .get()
                                .getData()
                                .get("APP_NODES_CACHE_TTL")));
        await().atMost(WAIT)
                .until(() -> !before.equals(deployment("prod")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(ChildMetadata.CONFIG_HASH)));
        // a new template is not rolled out until the (simulated) controller says so
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Pending);
        markRolledOut("prod");
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Ready);
        assertNotEquals(
                before,
                deployment("prod")
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(ChildMetadata.CONFIG_HASH));
    }

    /**
     * {@code kubectl wait} on any condition after a spec change: each one answers for the new generation, none lags
     * it. A threshold is a new generation that changes no child, between two of the 5-minute watch windows.
     */
    @Test
    @Order(4)
    void everyConditionsObservedGenerationFollowsASpecChange() {
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Ready);
        Condition readyBefore = condition("prod", "Ready");
        long before = get("prod").getMetadata().getGeneration();
        long generation = admin.resources(NodesPlatform.class)
                .inNamespace(NS)
                .withName("prod")
                .edit(np -> {
                    np.getSpec().profiling.latencyRegressionPercent += 5;
                    return np;
                })
                .getMetadata()
                .getGeneration();
        assertTrue(generation > before);
        NodesPlatformStatus followed = await().atMost(WAIT)
                .until(
                        () -> get("prod").getStatus(),
                        s -> s.conditions.stream()
                                .allMatch(c -> Long.valueOf(generation).equals(c.getObservedGeneration())));
        assertEquals(generation, followed.observedGeneration);
        assertEquals(5, followed.conditions.size());
        Condition ready = Conditions.find(followed.conditions, "Ready").orElseThrow();
        assertEquals("True", ready.getStatus());
        assertEquals(
                readyBefore.getLastTransitionTime(), ready.getLastTransitionTime(), "Ready stayed True: no transition");
    }

    static long configDriftUndoneMillis = -1;
    static long scaleDriftUndoneMillis = -1;

    /** As kubectl edit would: the operator owns that key by server-side apply and takes it back on the next event. */
    @Test
    @Order(4)
    void aConfigMapValueEditedByHandComesBack() {
        String ttl = admin.configMaps()
                .inNamespace(NS)
                .withName("prod-config")
                .get()
                .getData()
                .get("APP_NODES_CACHE_TTL");
        long started = System.nanoTime();
        admin.configMaps().inNamespace(NS).withName("prod-config").edit(cm -> {
            cm.getData().put("APP_NODES_CACHE_TTL", "1");
            return cm;
        });
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ttl.equals(admin.configMaps()
                        .inNamespace(NS)
                        .withName("prod-config")
                        .get()
                        .getData()
                        .get("APP_NODES_CACHE_TTL")));
        configDriftUndoneMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** As kubectl scale would (the scale subresource): spec.replicas is the operator's. */
    @Test
    @Order(4)
    void aDeploymentScaledByHandComesBack() {
        int replicas = get("prod").getSpec().replicas;
        long started = System.nanoTime();
        admin.apps().deployments().inNamespace(NS).withName("prod").scale(7);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> deployment("prod").getSpec().getReplicas() == replicas);
        scaleDriftUndoneMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // each scale was a new generation: the (simulated) controller reports the template rolled out again
        markRolledOut("prod");
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Ready);
    }

    static String watchMeasurements;

    /**
     * The regression watch end to end: a Service's EndpointSlice points at a metrics source on a
     * network-namespace test host; its latency regresses, a profiling Job starts and status and
     * Events say why; the Job's pod reports its result; a breach inside the cooldown starts nothing.
     */
    @Test
    @Order(5)
    void aRegressingMetricsSourceStartsOneProfilingJobAndTheCooldownHoldsTheNext() throws Exception {
        Path dir = Files.createTempDirectory("npmetrics");
        Path mode = dir.resolve("mode");
        Files.writeString(mode, "fast");
        try (NetnsTestHost host = NetnsTestHost.up("npmetrics", 7)) {
            String classes = Path.of(MetricsSource.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            host.start(
                    List.of(
                            java,
                            "-Xmx64m",
                            "-cp",
                            classes,
                            MetricsSource.class.getName(),
                            host.hostIp,
                            "8080",
                            mode.toString()),
                    dir.resolve("source.log"));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> reachable(host.hostIp, 8080));

            NodesPlatform np = TestPlatforms.platform(NS, "watched");
            np.getMetadata().setUid(null);
            np.getMetadata().setGeneration(null);
            np.getSpec().migrations.enabled = false;
            np.getSpec().redis.maxmemory = "1gb"; // the shared Redis: far from redisMemoryMaxRatio
            np.getSpec().profiling.window = "2s";
            np.getSpec().profiling.cooldown = "1h";
            np.getSpec().profiling.seconds = 10;
            admin.resource(np).create();
            await().atMost(WAIT).until(() -> deployment("watched") != null);

            // no EndpointSlices yet: a reason in status, not a failure
            await().atMost(WAIT).until(() -> "MetricsUnavailable".equals(reason("watched", "RegressionDetected")));
            assertTrue(condition("watched", "RegressionDetected").getMessage().contains("no EndpointSlices watched"));
            assertTrue(eventReasons("watched").contains("MetricsUnavailable"));

            // what the EndpointSlice controller would write (none runs here); 1.20 serves discovery.k8s.io/v1beta1 only
            admin.resource(new EndpointSliceBuilder()
                            .withNewMetadata()
                            .withName("watched-x1")
                            .withNamespace(NS)
                            .addToLabels("kubernetes.io/service-name", "watched")
                            .endMetadata()
                            .withAddressType("IPv4")
                            .addNewEndpoint()
                            .withAddresses(host.hostIp)
                            .withNewConditions()
                            .withReady(true)
                            .endConditions()
                            .withNewTargetRef()
                            .withKind("Pod")
                            .withName("watched-0")
                            .withNamespace(NS)
                            .endTargetRef()
                            .endEndpoint()
                            .addNewPort()
                            .withName("http")
                            .withPort(8080)
                            .withProtocol("TCP")
                            .endPort()
                            .build())
                    .create();
            markRolledOut("watched");

            // first scrape primes, the next stable window is the baseline: 100 requests in (1 ms, 2.5 ms] -> p95 2.425
            // ms
            await().atMost(WAIT).until(() -> get("watched").getStatus().baseline != null);
            NodesPlatform baselined = get("watched");
            assertEquals(2.425, baselined.getStatus().baseline.p95Millis.get("/v1/nodes"), 1e-9);
            assertEquals(100L, baselined.getStatus().baseline.requests.get("/v1/nodes"));
            assertEquals(0.95, baselined.getStatus().lastReading.cacheHitRatio);
            assertEquals(1, baselined.getStatus().lastReading.pods);
            assertTrue(baselined.getStatus().lastReading.redisMemoryRatio < 0.6);
            // nothing regressed: the rollout's baseline capture is taken, by a Job in baseline mode
            await().atMost(WAIT).until(() -> !profilingJobs("watched").isEmpty());
            Job baselineJob = profilingJobs("watched").getFirst();
            assertEquals("watched-profile-1", baselineJob.getMetadata().getName());
            assertEquals(
                    "baseline", baselineJob.getMetadata().getAnnotations().get("platform.nodes.dev/profiling-mode"));
            List<String> baselineArgs = baselineJob
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst()
                    .getArgs();
            assertEquals("baseline", baselineArgs.get(baselineArgs.indexOf("--mode") + 1));
            await().atMost(WAIT)
                    .until(() -> "watched-profile-1".equals(get("watched").getStatus().baseline.captureJob));
            finishProfilingPod(
                    "watched-profile-1", "{\"result\":\"ok\",\"capture_id\":\"cap-base-1\",\"summary\":\"baseline\"}");
            markSucceeded(admin.batch()
                    .v1()
                    .jobs()
                    .inNamespace(NS)
                    .withName("watched-profile-1")
                    .get());
            await().atMost(WAIT).until(() -> "cap-base-1".equals(get("watched").getStatus().baseline.captureId));
            assertNull(get("watched").getStatus().profiledAt, "a baseline capture starts no cooldown");

            // the pods slow down: (10 ms, 25 ms] -> p95 24.25 ms, and the hit ratio drops to 0.5
            Files.writeString(mode, "slow");
            await().atMost(WAIT).until(() -> profilingJobs("watched").size() == 2);
            Job job = profilingJobs("watched").getLast();
            assertEquals("watched-profile-2", job.getMetadata().getName());
            NodesPlatform profiling = await().atMost(WAIT)
                    .until(
                            () -> get("watched"),
                            p -> p.getStatus().lastProfiling != null && "True".equals(reason(p, "Profiling", true)));
            String why = "p95 of /v1/nodes 24.3 ms is 900% above the baseline 2.4 ms (threshold 20%)";
            assertTrue(
                    profiling.getStatus().lastProfiling.reason.startsWith(why),
                    profiling.getStatus().lastProfiling.reason);
            assertTrue(profiling
                    .getStatus()
                    .lastProfiling
                    .reason
                    .contains("node-cache hit ratio 0.500 over 100 lookups (minimum 0.85)"));
            assertEquals("watched-profile-2", profiling.getStatus().lastProfiling.job);
            assertEquals("profile", profiling.getStatus().lastProfiling.mode);
            assertEquals(profiling.getStatus().lastProfiling.startedAt, profiling.getStatus().profiledAt);
            assertEquals("LatencyRegression", reason("watched", "RegressionDetected"));
            assertTrue(condition("watched", "RegressionDetected").getMessage().startsWith(why));
            assertEquals("Running", reason("watched", "Profiling"));
            await().atMost(WAIT)
                    .until(() ->
                            eventReasons("watched").containsAll(List.of("RegressionDetected", "ProfilingStarted")));
            assertTrue(
                    eventMessages("watched", "ProfilingStarted").stream()
                            .anyMatch(m -> m.startsWith("Job watched-profile-2 (profile): " + why)),
                    eventMessages("watched", "ProfilingStarted").toString());
            var container =
                    job.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertEquals(
                    List.of("java", "-cp", "/app/profiling/lib/*", "dev.nodes.profiling.Main", "profile-job"),
                    container.getCommand());
            assertEquals("http://watched.real.svc:80", container.getArgs().get(1));
            // compared with the rollout's baseline capture
            assertEquals(
                    List.of("--baseline-capture", "cap-base-1"),
                    container
                            .getArgs()
                            .subList(
                                    container.getArgs().size() - 2,
                                    container.getArgs().size()));
            assertEquals(ChildMetadata.MANAGED_BY, job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            assertEquals(
                    get("watched").getMetadata().getUid(),
                    job.getMetadata().getOwnerReferences().getFirst().getUid());

            // while it runs, a breach starts nothing (one Job at a time)
            double windows = metrics.watchWindows("read");
            await().atMost(WAIT).until(() -> metrics.watchWindows("read") >= windows + 2);
            assertEquals(2, profilingJobs("watched").size());
            assertEquals(
                    List.of("Job watched-profile-2 is still running: no other Job started"),
                    eventMessages("watched", "ProfilingSkipped"));

            // the Job's pod ends with the tool's one-line JSON, and the job controller marks the Job complete
            finishProfilingPod(
                    "watched-profile-2",
                    "{\"result\":\"regressed\",\"capture_id\":\"cap-test-1\","
                            + "\"baseline_capture_id\":\"cap-base-1\",\"regressed_frames\":[\"PGStream.receive +12.3 pp (4.10% -> 16.4%)\"],"
                            + "\"summary\":\"nodes:get p95 +31%\"}");
            markSucceeded(admin.batch()
                    .v1()
                    .jobs()
                    .inNamespace(NS)
                    .withName("watched-profile-2")
                    .get());
            NodesPlatform finished = await().atMost(WAIT)
                    .until(() -> get("watched"), p -> p.getStatus().lastProfiling.finishedAt != null);
            assertEquals("regressed", finished.getStatus().lastProfiling.result);
            assertEquals("cap-test-1", finished.getStatus().lastProfiling.captureId);
            assertEquals("nodes:get p95 +31%", finished.getStatus().lastProfiling.summary);
            assertEquals("cap-base-1", finished.getStatus().lastProfiling.baselineCaptureId);
            assertEquals(
                    List.of("PGStream.receive +12.3 pp (4.10% -> 16.4%)"),
                    finished.getStatus().lastProfiling.regressedFrames);
            await().atMost(WAIT)
                    .until(
                            () -> eventMessages("watched", "ProfilingFinished").stream()
                                    .anyMatch(
                                            m -> m.startsWith(
                                                    "Job watched-profile-2 (profile) finished: result regressed, capture cap-test-1 against baseline capture cap-base-1")));

            // still regressed, but inside the cooldown: reported, not profiled again
            await().atMost(WAIT).until(() -> "Cooldown".equals(reason("watched", "Profiling")));
            assertTrue(
                    condition("watched", "Profiling").getMessage().startsWith("cooldown until "),
                    condition("watched", "Profiling").getMessage());
            assertEquals("True", condition("watched", "RegressionDetected").getStatus());
            await().atMost(WAIT)
                    .until(() -> eventMessages("watched", "ProfilingSkipped").stream()
                            .anyMatch(m -> m.startsWith("cooldown until ")
                                    && m.endsWith(": not profiled (LatencyRegression)")));

            // the cost of a steady window: API requests, and the time to scrape and decide
            double w0 = metrics.watchWindows("read");
            double gets = metrics.apiRequests("GET");
            double writes = writes();
            double seconds = metrics.watchWindowSecondsTotal();
            await().atMost(WAIT).until(() -> metrics.watchWindows("read") >= w0 + 3);
            double n = metrics.watchWindows("read") - w0;
            watchMeasurements = String.format(
                    Locale.ROOT,
                    "{\"windows\": %.0f, \"api_gets_per_window\": %.2f, \"api_writes_per_window\": %.2f, \"window_evaluation_millis\": %.2f}",
                    n,
                    (metrics.apiRequests("GET") - gets) / n,
                    (writes() - writes) / n,
                    (metrics.watchWindowSecondsTotal() - seconds) / n * 1000);
            assertEquals(2, profilingJobs("watched").size(), "no second profile Job inside the cooldown");
            dumpForTheDocs("watched");
        } finally {
            Files.deleteIfExists(mode);
            Files.deleteIfExists(dir.resolve("source.log"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    @Order(6)
    void aReconcileThatThrowsSaysWhyInStatusAndAnEventAndIsRetriedUntilItWorks() {
        // the operator may no longer create Jobs here: its migration Job's create is refused with 403
        String roleName = ChartRendering.ofType(
                        ChartRendering.parse(
                                ChartRendering.render(Map.of("watchNamespaces[0]", NS, "crd.install", false))),
                        Role.class)
                .getFirst()
                .getMetadata()
                .getName();
        Role original = admin.rbac().roles().inNamespace(NS).withName(roleName).get();
        admin.rbac().roles().inNamespace(NS).withName(roleName).edit(role -> {
            role.getRules().stream()
                    .filter(r -> r.getResources().contains("jobs"))
                    .forEach(r -> r.setVerbs(r.getVerbs().stream()
                            .filter(v -> !v.equals("create"))
                            .toList()));
            return role;
        });
        try {
            NodesPlatform np = TestPlatforms.platform(NS, "denied");
            np.getMetadata().setUid(null);
            np.getMetadata().setGeneration(null);
            admin.resource(np).create();
            await().atMost(WAIT)
                    .until(() -> get("denied").getStatus() != null
                            && Conditions.find(get("denied").getStatus().conditions, "Ready")
                                    .filter(c -> "ReconcileError".equals(c.getReason()))
                                    .isPresent());
            NodesPlatform denied = get("denied");
            var ready = Conditions.find(denied.getStatus().conditions, "Ready").orElseThrow();
            assertEquals("False", ready.getStatus());
            assertTrue(ready.getMessage().contains("403") && ready.getMessage().contains("jobs"), ready.getMessage());
            assertEquals(denied.getMetadata().getGeneration(), ready.getObservedGeneration());
            await().atMost(WAIT)
                    .until(() -> admin.v1().events().inNamespace(NS).list().getItems().stream()
                            .anyMatch(e -> "ReconcileError".equals(e.getReason())
                                    && "denied".equals(e.getInvolvedObject().getName())
                                    && "Warning".equals(e.getType())
                                    && e.getMessage().contains("403")));
        } finally {
            admin.rbac().roles().inNamespace(NS).withName(roleName).edit(role -> {
                role.setRules(original.getRules());
                return role;
            });
        }
        // the framework's retry goes on: once allowed, the Job is created and the reconcile succeeds
        await().atMost(WAIT).until(() -> pendingJob("denied") != null);
        await().atMost(WAIT).until(() -> phase("denied") == Phase.Migrating);
    }

    static long redisDriftUndoneMillis = -1;

    @Test
    @Order(7)
    void aRedisSettingChangedByHandIsSetBackByThePollNotTheResync() {
        await().atMost(WAIT).until(() -> phase("prod") == Phase.Ready);
        assertEquals("allkeys-lru", RedisConfigGuard.get("maxmemory-policy"));
        long started = System.nanoTime();
        RedisConfigGuard.set("maxmemory-policy", "volatile-ttl");
        // the harness's resync is 10 minutes: only the Redis poll can bring it back within this wait
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "allkeys-lru".equals(RedisConfigGuard.get("maxmemory-policy")));
        redisDriftUndoneMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Status and Events as kubectl describe shows them, for docs/operator.md. */
    static void dumpForTheDocs(String name) throws IOException {
        NodesPlatform np = get(name);
        StringBuilder s = new StringBuilder(Serialization.asYaml(np.getStatus()));
        s.append("\nEvents:\n");
        admin.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .forEach(e -> s.append("  ")
                        .append(e.getType())
                        .append("  ")
                        .append(e.getReason())
                        .append("  ")
                        .append(e.getMessage())
                        .append('\n'));
        Path out = Path.of("target", "measurements", "regression-watch-status.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, s.toString());
        if (Files.isExecutable(RealApiServer.kubectl())) {
            Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
            Path cache = Files.createTempDirectory("kubectl-cache");
            try {
                Files.writeString(kubeconfig, RealApiServer.kubeconfigYaml());
                for (List<String> args : List.of(List.of("get", "np", name), List.of("describe", "np", name))) {
                    List<String> command = new ArrayList<>(List.of(
                            RealApiServer.kubectl().toString(),
                            "--kubeconfig",
                            kubeconfig.toString(),
                            "--cache-dir",
                            cache.toString(),
                            "-n",
                            NS));
                    command.addAll(args);
                    Process p = new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .start();
                    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor(30, TimeUnit.SECONDS);
                    Files.writeString(out.resolveSibling("regression-watch-kubectl-" + args.getFirst() + ".txt"), text);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Files.deleteIfExists(kubeconfig);
                try (var files = Files.walk(cache)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static boolean reachable(String ip, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static List<Job> profilingJobs(String name) {
        return admin.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(name + "-profile-"))
                .toList();
    }

    static Condition condition(String name, String type) {
        NodesPlatform np = get(name);
        return np == null || np.getStatus() == null
                ? null
                : Conditions.find(np.getStatus().conditions, type).orElse(null);
    }

    static String reason(String name, String type) {
        var c = condition(name, type);
        return c == null ? null : c.getReason();
    }

    /** The condition's status (asStatus) or reason. */
    static String reason(NodesPlatform np, String type, boolean asStatus) {
        var c = np.getStatus() == null
                ? null
                : Conditions.find(np.getStatus().conditions, type).orElse(null);
        return c == null ? null : asStatus ? c.getStatus() : c.getReason();
    }

    static List<String> eventReasons(String name) {
        return admin.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList();
    }

    static List<String> eventMessages(String name, String reason) {
        return admin.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .map(Event::getMessage)
                .toList();
    }

    /** What the kubelet would write when the profile container exits: its termination message. */
    static void finishProfilingPod(String job, String message) {
        if (admin.serviceAccounts().inNamespace(NS).withName("default").get() == null) {
            admin.resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName("default")
                            .withNamespace(NS)
                            .endMetadata()
                            .build())
                    .create();
        }
        Pod pod = admin.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(job + "-x7k2p")
                        .withNamespace(NS)
                        .addToLabels("job-name", job)
                        .endMetadata()
                        .withNewSpec()
                        .withRestartPolicy("Never")
                        .withAutomountServiceAccountToken(false)
                        .addNewContainer()
                        .withName("profile")
                        .withImage("img")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        pod.setStatus(new PodStatusBuilder()
                .withPhase("Succeeded")
                .addNewContainerStatus()
                .withName("profile")
                .withImage("img")
                .withImageID("")
                .withReady(false)
                .withRestartCount(0)
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withReason("Completed")
                .withMessage(message)
                .withStartedAt("2026-01-01T00:00:00Z")
                .withFinishedAt("2026-01-01T00:00:10Z")
                .endTerminated()
                .endState()
                .endContainerStatus()
                .build());
        admin.resource(pod).updateStatus();
    }
}
