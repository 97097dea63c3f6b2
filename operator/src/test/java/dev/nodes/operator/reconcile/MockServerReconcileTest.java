package dev.nodes.operator.reconcile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.OperatorHarness;
import dev.nodes.operator.RedisConfigGuard;
import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.deployment.ServiceDeploymentBuilder;
import dev.nodes.operator.profiling.ProfilingJobBuilder;
import dev.nodes.operator.resource.EmbeddingProvider;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.Phase;
import dev.nodes.operator.runtime.ApiRequestCounter;
import dev.nodes.operator.runtime.OperatorMetrics;
import dev.nodes.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fast reconcile round trips against the fabric8 mock server in CRUD mode (no SSA, no defaulting). */
class MockServerReconcileTest {
    static final String NS = "mock";
    static KubernetesMockServer server;
    static KubernetesClient client;
    static OperatorHarness harness;
    static RedisConfigGuard redis;

    @BeforeAll
    static void start() {
        redis = new RedisConfigGuard();
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(
                        List.of(CustomResourceDefinitionContext.fromCustomResourceType(NodesPlatform.class))),
                false);
        server.init();
        OperatorMetrics metrics = new OperatorMetrics();
        client = server.createClient(b -> b.withHttpClientBuilderConsumer(
                h -> h.addOrReplaceInterceptor(ApiRequestCounter.NAME, new ApiRequestCounter(metrics))));
        client.resource(TestPlatforms.dbSecret(NS, "jdbc:postgresql://db/nodes", "pw"))
                .create();
        client.resource(TestPlatforms.jwtSecret(NS)).create();
        // the mock server answers server-side apply with 415: status and children are written the classic way
        harness = OperatorHarness.start(
                client,
                metrics,
                Set.of(NS),
                Duration.ofMinutes(10),
                o -> o.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static NodesPlatform create(String name, Consumer<NodesPlatform> edit) {
        NodesPlatform np = TestPlatforms.platform(NS, name);
        np.getMetadata().setUid(null);
        np.getMetadata().setGeneration(null);
        edit.accept(np);
        return client.resource(np).create();
    }

    static NodesPlatform get(String name) {
        return client.resources(NodesPlatform.class)
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    static Condition condition(String name, String type) {
        NodesPlatform np = get(name);
        return np.getStatus() == null
                ? null
                : Conditions.find(np.getStatus().conditions, type).orElse(null);
    }

    static Phase phase(String name) {
        NodesPlatform np = get(name);
        return np.getStatus() == null ? null : np.getStatus().phase;
    }

    static Job migrationJob(String name) {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(name + "-migrate-"))
                .filter(j -> j.getStatus() == null
                        || j.getStatus().getConditions() == null
                        || j.getStatus().getConditions().isEmpty())
                .findFirst()
                .orElse(null);
    }

    /** As kubectl edit: read, change, write; a conflict with a status write of the operator reads again. */
    static void editSpec(String name, Consumer<NodesPlatform> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(NodesPlatform.class)
                        .inNamespace(NS)
                        .withName(name)
                        .edit(np -> {
                            change.accept(np);
                            return np;
                        });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    // status writes are patches: the operator may write the same object meanwhile, and an update would conflict
    static void finishJob(Job job, String type, String reason) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(new JobStatusBuilder()
                            .addNewCondition()
                            .withType(type)
                            .withStatus("True")
                            .withReason(reason)
                            .withLastTransitionTime("2026-01-01T00:00:00Z")
                            .endCondition()
                            .withSucceeded("Complete".equals(type) ? 1 : 0)
                            .build());
                    return j;
                });
    }

    static void rollOut(String name) {
        client.apps().deployments().inNamespace(NS).withName(name).editStatus(d -> {
            int replicas = d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(
                            d.getMetadata().getGeneration() == null
                                    ? 1L
                                    : d.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withUpdatedReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .build());
            return d;
        });
    }

    static List<String> eventReasons(String name) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList();
    }

    @Test
    void migratesThenRollsOutThenReportsReady() {
        create("round", np -> {});
        await().atMost(Duration.ofSeconds(20))
                .until(() -> migrationJob("round") != null && phase("round") == Phase.Migrating);
        ConfigMap cm =
                client.configMaps().inNamespace(NS).withName("round-config").get();
        assertEquals("300", cm.getData().get("APP_NODES_CACHE_TTL"));
        assertEquals("round", cm.getMetadata().getOwnerReferences().getFirst().getName());
        assertNull(
                client.apps().deployments().inNamespace(NS).withName("round").get(),
                "no Deployment before the migration succeeded");

        finishJob(migrationJob("round"), "Complete", null);
        // the Deployment and the Service are written one after the other in the same reconcile: wait for both
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                        .deployments()
                                        .inNamespace(NS)
                                        .withName("round")
                                        .get()
                                != null
                        && client.services().inNamespace(NS).withName("round").get() != null);
        rollOut("round");
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("round") == Phase.Ready);
        assertEquals("True", condition("round", "Migrated").getStatus());
        assertEquals("True", condition("round", "RedisConfigured").getStatus());
        assertEquals("allkeys-lru", RedisConfigGuard.get("maxmemory-policy"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> eventReasons("round")
                        .containsAll(List.of(
                                "ConfigMapCreated",
                                "MigrationStarted",
                                "MigrationSucceeded",
                                "DeploymentCreated",
                                "ServiceCreated")));
        assertEquals(
                1,
                eventReasons("round").stream()
                        .filter("MigrationStarted"::equals)
                        .count(),
                "no repeated Events");
    }

    @Test
    void aFailedMigrationBlocksTheRolloutAndSaysWhy() {
        create("failing", np -> {});
        await().atMost(Duration.ofSeconds(20)).until(() -> migrationJob("failing") != null);
        finishJob(migrationJob("failing"), "Failed", "BackoffLimitExceeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("failing") == Phase.Failed);
        assertEquals("MigrationFailed", condition("failing", "Migrated").getReason());
        assertTrue(condition("failing", "Migrated").getMessage().contains("BackoffLimitExceeded"));
        assertNull(
                client.apps().deployments().inNamespace(NS).withName("failing").get());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eventReasons("failing").contains("MigrationFailed"));
    }

    @Test
    void aNewImageWaitsForItsMigrationWhileTheOldOneKeepsServing() {
        create("upgrade", np -> {});
        await().atMost(Duration.ofSeconds(20)).until(() -> migrationJob("upgrade") != null);
        finishJob(migrationJob("upgrade"), "Complete", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName("upgrade")
                                .get()
                        != null);

        // a patch, not an update: the operator writes status meanwhile, which an update's resourceVersion would lose to
        editSpec("upgrade", np -> {
            np.getSpec().image = "registry.example/nodes-service:2.0.0";
            np.getSpec().cache.ttlSeconds = 60;
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> migrationJob("upgrade") != null && phase("upgrade") == Phase.Migrating);
        // the TTL change applies at once, on the old image
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "60"
                        .equals(client.configMaps()
                                .inNamespace(NS)
                                .withName("upgrade-config")
                                .get()
                                .getData()
                                .get("APP_NODES_CACHE_TTL")));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !eventReasons("upgrade").stream()
                        .filter("DeploymentUpdated"::equals)
                        .toList()
                        .isEmpty());
        assertEquals(
                TestPlatforms.IMAGE,
                ServiceDeploymentBuilder.currentImage(client.apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("upgrade")
                        .get()));

        finishJob(migrationJob("upgrade"), "Complete", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "registry.example/nodes-service:2.0.0"
                        .equals(ServiceDeploymentBuilder.currentImage(client.apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName("upgrade")
                                .get())));
    }

    @Test
    void aTtlChangeUpdatesTheConfigMapAndRollsThePodTemplate() {
        create("ttl", np -> np.getSpec().migrations.enabled = false);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName("ttl")
                                .get()
                        != null);
        String before = configHash("ttl");
        editSpec("ttl", np -> np.getSpec().cache.ttlSeconds = 42);
        await().atMost(Duration.ofSeconds(20)).until(() -> !before.equals(configHash("ttl")));
        assertEquals(
                "42",
                client.configMaps()
                        .inNamespace(NS)
                        .withName("ttl-config")
                        .get()
                        .getData()
                        .get("APP_NODES_CACHE_TTL"));
        assertTrue(
                client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                        .noneMatch(j -> j.getMetadata().getName().startsWith("ttl-migrate-")),
                "migrations disabled: no Job");
    }

    static String configHash(String name) {
        return client.apps()
                .deployments()
                .inNamespace(NS)
                .withName(name)
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(ChildMetadata.CONFIG_HASH);
    }

    @Test
    void pausedObservesAndChangesNothing() {
        create("paused", np -> np.getSpec().paused = true);
        await().atMost(Duration.ofSeconds(20)).until(() -> phase("paused") == Phase.Paused);
        assertNull(client.configMaps().inNamespace(NS).withName("paused-config").get());
        assertNull(migrationJob("paused"));
        assertEquals("Paused", condition("paused", "Ready").getReason());
    }

    @Test
    void aSpecTheSchemaCannotRejectIsReportedInvalid() {
        create("invalid", np -> np.getSpec().embedding.provider = EmbeddingProvider.OPENAI);
        await().atMost(Duration.ofSeconds(20)).until(() -> condition("invalid", "Ready") != null);
        assertEquals("InvalidSpec", condition("invalid", "Ready").getReason());
        assertNotEquals("", condition("invalid", "Ready").getMessage());
        assertNull(
                client.configMaps().inNamespace(NS).withName("invalid-config").get());
    }

    @Test
    void aMissingSecretIsReportedAndNothingIsMigrated() {
        create("nosecret", np -> np.getSpec().database.secretRef = "does-not-exist");
        await().atMost(Duration.ofSeconds(20)).until(() -> condition("nosecret", "Ready") != null);
        assertEquals("SecretMissing", condition("nosecret", "Ready").getReason());
        assertNull(migrationJob("nosecret"));
    }

    @Test
    void aProfilingJobTheStatusDoesNotNameIsAdoptedAndItsOutcomeReadFromItsCondition() {
        create("adopt", np -> np.getSpec().migrations.enabled = false);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.apps()
                                .deployments()
                                .inNamespace(NS)
                                .withName("adopt")
                                .get()
                        != null);
        // as if the operator created it and then lost the status write that named it
        Job job = client.resource(ProfilingJobBuilder.build(
                        get("adopt"),
                        "adopt-profile-5",
                        TestPlatforms.IMAGE,
                        ProfilingJobBuilder.MODE_PROFILE,
                        "p95 of /v1/nodes up",
                        null))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> get("adopt").getStatus().lastProfiling != null
                        && condition("adopt", "Profiling") != null
                        && "Running".equals(condition("adopt", "Profiling").getReason()));
        assertEquals("adopt-profile-5", get("adopt").getStatus().lastProfiling.job);
        assertEquals("p95 of /v1/nodes up", get("adopt").getStatus().lastProfiling.reason);

        finishJob(job, "Complete", null); // no pod with a termination message: the Job's condition decides
        await().atMost(Duration.ofSeconds(20)).until(() -> get("adopt").getStatus().lastProfiling.finishedAt != null);
        NodesPlatform done = get("adopt");
        assertEquals("succeeded", done.getStatus().lastProfiling.result);
        assertTrue(
                done.getStatus().lastProfiling.summary.startsWith("no termination message"),
                done.getStatus().lastProfiling.summary);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "Finished".equals(condition("adopt", "Profiling").getReason()));
        assertTrue(eventReasons("adopt").contains("ProfilingFinished"));
        // no EndpointSlices on the mock: the watch says so instead of failing
        assertEquals(
                "MetricsUnavailable", condition("adopt", "RegressionDetected").getReason());
    }
}
