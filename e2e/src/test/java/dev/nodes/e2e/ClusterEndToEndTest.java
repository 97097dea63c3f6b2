package dev.nodes.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodes.contracts.CacheKeys;
import dev.nodes.contracts.ProfileJobContract;
import dev.nodes.operator.profiling.ProfilingJobBuilder;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;

/**
 * The whole user story on a real single-node cluster (scripts/cluster.sh): images built here, the chart installed
 * with Helm, pods really running, Jobs completing. Each step checks what a cluster admin would check with kubectl.
 * The steps build on each other, in order; the cluster always comes down at the end, also on failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(StepsInOrder.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {
    private static final String NS = "nodes-e2e";
    private static final String NAME = "nodes";
    private static final String DATABASE = "nodes_e2e";
    private static final String TAG = "0.1.0-e2e";
    /** The same service image under a new tag: a new release as the operator sees it. */
    private static final String NEXT_TAG = "0.1.0-e2e.2";

    private static final Duration LONG = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> measured = new LinkedHashMap<>();
    private final String jwtSecret = "e2e-" + UUID.randomUUID() + UUID.randomUUID();
    private final UUID admin = UUID.randomUUID();
    private LocalCluster cluster;
    private PlatformSetup setup;
    private KubernetesClient k;
    private URI service;
    private String nodeId;

    @BeforeAll
    void clusterUpAndImagesLoaded() {
        PlatformSetup.recreateDatabase(DATABASE);
        LocalCluster.down(); // one cluster per machine: this suite starts from a fresh one
        long t0 = System.nanoTime();
        Images.build(TAG, true);
        Images.tag(Images.SERVICE + ":" + TAG, Images.SERVICE + ":" + NEXT_TAG);
        measured.put("images_build_seconds", seconds(t0));
        measured.put("image_service_bytes", Images.size(Images.SERVICE + ":" + TAG));
        measured.put("image_operator_bytes", Images.size(Images.OPERATOR + ":" + TAG));
        t0 = System.nanoTime();
        cluster = LocalCluster.up();
        measured.put("cluster_up_seconds", seconds(t0));
        t0 = System.nanoTime();
        cluster.load(
                Images.OPERATOR + ":" + TAG, Images.SERVICE + ":" + TAG, Images.SERVICE + ":" + NEXT_TAG, Images.REDIS);
        measured.put("images_load_seconds", seconds(t0));
        setup = new PlatformSetup(cluster);
        k = cluster.client();
    }

    @AfterAll
    void clusterDown() throws Exception {
        try {
            if (cluster != null) {
                Path dir = Files.createDirectories(Path.of("target/measurements"));
                Files.writeString(dir.resolve("e2e-diagnostics.txt"), diagnostics());
                Files.writeString(
                        dir.resolve("e2e.json"),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(measured));
                cluster.close();
            }
        } finally {
            LocalCluster.down();
            PlatformSetup.dropDatabase(DATABASE);
        }
    }

    @Test
    @Order(1)
    void chartInstallsTheOperatorAndTheCrd() {
        long t0 = System.nanoTime();
        setup.installChart(TAG, Map.of("resyncIntervalSeconds", 10));
        measured.put("helm_install_to_operator_ready_seconds", seconds(t0));
        cluster.kubectlOk(
                "wait", "--for=condition=Established", "crd/nodesplatforms.platform.nodes.dev", "--timeout=60s");

        assertEquals(
                "1",
                cluster.kubectlOk(
                                "-n",
                                PlatformSetup.OPERATOR_NAMESPACE,
                                "get",
                                "deploy",
                                PlatformSetup.OPERATOR_DEPLOYMENT,
                                "-o",
                                "jsonpath={.status.readyReplicas}")
                        .strip());
        assertEquals(
                "nodesplatforms.platform.nodes.dev",
                cluster.kubectlOk("get", "crd", "nodesplatforms.platform.nodes.dev", "-o", "jsonpath={.metadata.name}")
                        .strip());
        Pod operator = operatorPod();
        assertEquals(
                PlatformSetup.RELEASE, operator.getSpec().getServiceAccountName(), "runs under the chart's account");
        assertEquals(
                Images.OPERATOR + ":" + TAG,
                operator.getSpec().getContainers().getFirst().getImage());
        assertTrue(operator.getSpec()
                .getContainers()
                .getFirst()
                .getSecurityContext()
                .getReadOnlyRootFilesystem());
    }

    @Test
    @Order(2)
    void backendsAreReachable() {
        setup.namespace(NS);
        setup.deployRedis(NS);
        setup.secrets(NS, DATABASE, jwtSecret);
        assertEquals("PONG", redisCli("PING"));
    }

    @Test
    @Order(3)
    void appliedPlatformMigratesRollsOutAndTurnsReady() throws Exception {
        NodesPlatform np = PlatformSetup.platform(NS, NAME, Images.SERVICE + ":" + TAG);
        np.getSpec().profiling.window = "10s";
        np.getSpec().profiling.cooldown = "1h";
        np.getSpec().profiling.seconds = 10;
        np.getSpec().profiling.benchmarkAfterMigration = false;
        // a baseline capture Job per rollout would compete with the steps on a 2-core cluster: the regression step
        // turns it on for the one rollout whose known good profile it compares with
        np.getSpec().profiling.baselineCapture = false;
        long t0 = System.nanoTime();
        setup.apply(np);

        Job migration = await().atMost(LONG)
                .until(() -> migrationJobs().stream().findFirst().orElse(null), Objects::nonNull);
        cluster.kubectlOk(
                "-n",
                NS,
                "wait",
                "--for=condition=complete",
                "job/" + migration.getMetadata().getName(),
                "--timeout=300s");
        measured.put("apply_to_migrated_seconds", seconds(t0));
        // the Job's pod really ran Flyway against the database of the Secret
        assertTrue(cluster.kubectlOk(
                        "-n", NS, "logs", "job/" + migration.getMetadata().getName())
                .contains("migrations:"));
        assertTrue(flywayVersions() >= 5, "Flyway's history in " + DATABASE);

        long t1 = System.nanoTime();
        cluster.kubectlOk("-n", NS, "wait", "--for=condition=Ready", "np/" + NAME, "--timeout=300s");
        measured.put("migrated_to_ready_seconds", seconds(t1));
        measured.put("apply_to_ready_seconds", seconds(t0));
        assertEquals(
                "2",
                cluster.kubectlOk("-n", NS, "get", "deploy", NAME, "-o", "jsonpath={.status.readyReplicas}")
                        .strip());
        // the operator configured our Redis
        assertEquals(
                "allkeys-lru",
                redisCli("CONFIG", "GET", "maxmemory-policy").lines().toList().getLast());
        assertEquals(
                "67108864",
                redisCli("CONFIG", "GET", "maxmemory").lines().toList().getLast());
        measured.put("pod_memory", podMemory());
    }

    @Test
    @Order(4)
    void serviceAnswersThroughItsClusterIp() {
        service = URI.create("http://"
                + k.services().inNamespace(NS).withName(NAME).get().getSpec().getClusterIP() + ":80/");
        ApiClient api = ApiClient.as(service, jwtSecret, admin, "admin");

        nodeId = createNode(api, "Hello from the cluster");
        assertEquals(200, api.get("v1/nodes/" + nodeId).status());
        assertEquals(200, api.get("v1/nodes/" + nodeId).status());
        long ttl = Long.parseLong(redisCli("TTL", CacheKeys.nodeById(CacheKeys.DEFAULT_NAMESPACE, nodeId)));
        assertTrue(ttl > 0 && ttl <= 300, "cached with the spec's TTL, got " + ttl);

        UUID reader = UUID.randomUUID();
        ApiClient readerApi = ApiClient.as(service, jwtSecret, reader, "user");
        ApiClient.Response sent = api.post(
                "v1/notifications/admin/send",
                "{\"user_id\":\"" + reader + "\",\"title\":\"Welcome\",\"message\":\"from the e2e suite\"}");
        assertEquals(201, sent.status(), sent.body());
        JsonNode inbox = readerApi.get("v1/notifications").json();
        assertEquals("Welcome", inbox.get("items").get(0).get("title").asText());
        assertEquals(1, inbox.get("unread_count").asInt());

        ApiClient.Response created = api.post(
                "v1/notifications/admin/broadcasts",
                "{\"title\":\"News\",\"message\":\"for two\",\"audience\":{\"type\":\"explicit_users\",\"user_ids\":[\""
                        + reader + "\",\"" + admin + "\"]}}");
        assertEquals(201, created.status(), created.body());
        String broadcast = created.json().get("id").asText();
        assertEquals(
                202,
                api.post("v1/notifications/admin/broadcasts/" + broadcast + "/send-now", "")
                        .status());
        JsonNode done = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> api.get("v1/notifications/admin/broadcasts/" + broadcast)
                                .json(),
                        b -> b.get("status").asText().equals("sent"));
        assertEquals(2, done.get("sent").asInt());
        assertEquals(
                2, readerApi.get("v1/notifications").json().get("unread_count").asInt());
    }

    @Test
    @Order(5)
    void aNewTtlRollsThePodsAndANewImageMigratesFirst() {
        String hashBefore = configHash();
        long t0 = System.nanoTime();
        editSpec(np -> {
            np.getSpec().cache.ttlSeconds = 120;
            return np;
        });
        await().atMost(LONG).until(() -> "120".equals(configMap().getData().get("APP_NODES_CACHE_TTL")));
        await().atMost(LONG).until(() -> !configHash().equals(hashBefore));
        rolloutDone();
        measured.put("ttl_change_rollout_seconds", seconds(t0));
        ApiClient api = ApiClient.as(service, jwtSecret, admin, "admin");
        String fresh = createNode(api, "After the TTL change");
        assertEquals(200, api.get("v1/nodes/" + fresh).status());
        assertEquals(200, api.get("v1/nodes/" + fresh).status());
        long ttl = Long.parseLong(redisCli("TTL", CacheKeys.nodeById(CacheKeys.DEFAULT_NAMESPACE, fresh)));
        assertTrue(ttl > 0 && ttl <= 120, "cached with the new TTL, got " + ttl);

        List<String> jobsBefore =
                migrationJobs().stream().map(j -> j.getMetadata().getName()).toList();
        String next = Images.SERVICE + ":" + NEXT_TAG;
        t0 = System.nanoTime();
        editSpec(np -> {
            np.getSpec().image = next;
            return np;
        });
        // read the Deployment first, then the Job: once the Deployment runs the new image, its Job has succeeded
        AtomicBoolean rolledBeforeMigrated = new AtomicBoolean();
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            boolean runsNext = next.equals(deployment()
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst()
                    .getImage());
            Job job = migrationJobs().stream()
                    .filter(j -> !jobsBefore.contains(j.getMetadata().getName()))
                    .findFirst()
                    .orElse(null);
            boolean migrated = job != null
                    && job.getStatus() != null
                    && Integer.valueOf(1).equals(job.getStatus().getSucceeded());
            if (runsNext && !migrated) {
                rolledBeforeMigrated.set(true);
            }
            return runsNext;
        });
        assertFalse(rolledBeforeMigrated.get(), "the Deployment ran the new image before its migration Job succeeded");
        assertEquals(jobsBefore.size() + 1, migrationJobs().size(), "one new migration Job");
        rolloutDone();
        measured.put("image_change_migration_and_rollout_seconds", seconds(t0));
        cluster.kubectlOk("-n", NS, "wait", "--for=condition=Ready", "np/" + NAME, "--timeout=300s");
    }

    @Test
    @Order(6)
    void aRealRegressionIsProfiledAndComparedWithTheRolloutsBaselineCapture() throws Exception {
        ApiClient api = ApiClient.as(service, jwtSecret, admin, "admin");
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            nodes.add(createNode(api, "Regression node " + i));
        }
        Traffic.Call randomRead = () -> api.get(
                        "v1/nodes/" + nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())))
                .status();

        // the known good profile: the running rollout's first stable window under traffic, then its baseline Job
        editSpec(np -> {
            np.getSpec().profiling.baselineCapture = true;
            return np;
        });
        long t0 = System.nanoTime();
        String baselineCapture;
        try (Traffic traffic = Traffic.start(randomRead)) {
            NodesPlatform withBaseline = await().atMost(LONG)
                    .until(
                            this::platform,
                            p -> p.getStatus().baseline != null && p.getStatus().baseline.captureId != null);
            baselineCapture = withBaseline.getStatus().baseline.captureId;
            Job baselineJob = k.batch()
                    .v1()
                    .jobs()
                    .inNamespace(NS)
                    .withName(withBaseline.getStatus().baseline.captureJob)
                    .get();
            assertEquals(
                    ProfileJobContract.MODE_BASELINE,
                    baselineJob.getMetadata().getAnnotations().get(ProfilingJobBuilder.MODE_ANNOTATION));
            measured.put("baseline_capture_seconds", seconds(t0));
            assertTrue(traffic.ok() > 0, "traffic was answered");
        }
        Set<String> jobsBefore =
                profilingJobs().stream().map(j -> j.getMetadata().getName()).collect(Collectors.toSet());

        // a cache of one entry for a hundred nodes read at random: the live hit ratio falls far under the minimum
        editSpec(np -> {
            np.getSpec().cache.maxEntries = 1;
            np.getSpec().profiling.baselineCapture = false; // the broken rollout is compared with the good one's
            // the image's rollout had its profile within the hour (new migrations ran): no cooldown for this one
            np.getSpec().profiling.cooldown = np.getSpec().profiling.window;
            return np;
        });
        rolloutDone();
        t0 = System.nanoTime();
        String profileJob;
        try (Traffic traffic = Traffic.start(randomRead)) {
            Job job = await().atMost(LONG)
                    .until(
                            () -> profilingJobs().stream()
                                    .filter(j ->
                                            !jobsBefore.contains(j.getMetadata().getName()))
                                    .findFirst()
                                    .orElse(null),
                            Objects::nonNull);
            profileJob = job.getMetadata().getName();
            editSpec(p -> {
                p.getSpec().profiling.cooldown = "1h"; // one regression profile: the breach goes on until traffic stops
                return p;
            });
            measured.put("regression_to_profiling_job_seconds", seconds(t0));
            assertEquals(
                    ProfileJobContract.MODE_PROFILE,
                    job.getMetadata().getAnnotations().get(ProfilingJobBuilder.MODE_ANNOTATION));
            cluster.kubectlOk("-n", NS, "wait", "--for=condition=complete", "job/" + profileJob, "--timeout=300s");
            measured.put("profiling_job_seconds", seconds(t0));
            assertTrue(traffic.ok() > 0, "traffic was answered");
        }
        NodesPlatform np = await().atMost(Duration.ofMinutes(2))
                .until(
                        this::platform,
                        p -> p.getStatus().lastProfiling != null
                                && profileJob.equals(p.getStatus().lastProfiling.job)
                                && p.getStatus().lastProfiling.result != null);
        assertEquals("ok", np.getStatus().lastProfiling.result, np.getStatus().lastProfiling.summary);
        String capture = np.getStatus().lastProfiling.captureId;
        assertNotNull(capture, "the capture's id in status");
        assertEquals(
                baselineCapture,
                np.getStatus().lastProfiling.baselineCaptureId,
                "compared with the good rollout's capture");
        assertFalse(
                np.getStatus().lastProfiling.regressedFrames == null
                        || np.getStatus().lastProfiling.regressedFrames.isEmpty(),
                "the frames that grew: " + np.getStatus().lastProfiling.summary);
        measured.put("regressed_frames", np.getStatus().lastProfiling.regressedFrames);

        ApiClient.Response svg = api.get("v1/admin/profiling/captures/" + capture + "/flamegraph.svg");
        assertEquals(200, svg.status());
        assertEquals("svg", parseXml(svg.body()).getTagName());
        ApiClient.Response diff =
                api.get("v1/admin/profiling/captures/" + capture + "/diff?baseline=" + baselineCapture);
        assertEquals(200, diff.status(), diff.body());
        assertEquals("svg", parseXml(diff.body()).getTagName());
        measured.put("diff_svg_bytes", diff.body().length());
        String describe = cluster.kubectlOk("-n", NS, "describe", "np", NAME);
        // the hit ratio is what broke; latency may have regressed with it, and then names the condition's reason
        assertTrue(describe.contains("RegressionDetected") && describe.contains("node-cache hit ratio"), describe);
        assertTrue(describe.contains(profileJob), describe);
        assertTrue(describe.contains("against baseline capture " + baselineCapture), describe);
    }

    private static Element parseXml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    @Test
    @Order(7)
    void aDeletedServicePodIsReplacedWhileTheServiceKeepsAnswering() {
        ApiClient api = ApiClient.as(service, jwtSecret, admin, "admin");
        String victim = servicePods().getFirst().getMetadata().getName();
        Set<String> before =
                servicePods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        long t0 = System.nanoTime();
        try (Traffic traffic = Traffic.start(() -> api.get("v1/nodes/" + nodeId).status())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() > 20);
            cluster.kubectlOk("-n", NS, "delete", "pod", victim, "--wait=false");
            // replaced: the victim is gone (drained and stopped) and a new pod is Ready in its place
            await().atMost(LONG)
                    .until(() -> k.pods().inNamespace(NS).withName(victim).get() == null
                            && servicePods().stream()
                                    .filter(p ->
                                            !before.contains(p.getMetadata().getName()))
                                    .anyMatch(this::ready));
            int okAtReplacement = traffic.ok();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.ok() > okAtReplacement + 20);
            measured.put("pod_delete_requests_ok", traffic.ok());
            measured.put("pod_delete_requests_failed", traffic.failed());
            measured.put("pod_delete_failures", traffic.failures());
            measured.put("pod_delete_replaced_seconds", seconds(t0));
            assertTrue(
                    traffic.failed() * 20 < traffic.ok(),
                    "failures " + traffic.failed() + " of " + (traffic.ok() + traffic.failed()) + ": "
                            + traffic.failures());
            // the replaced pod drains: kube-proxy's late connections are answered, never refused
            assertFalse(
                    traffic.failures().containsKey("ConnectException"), "refused connections: " + traffic.failures());
        }
    }

    @Test
    @Order(8)
    void theOperatorPodDeletedMidChangeConvergesWithoutDuplicateJobs() {
        int migrationsBefore = migrationJobs().size();
        int profilingBefore = profilingJobs().size();
        String hashBefore = configHash();
        String oldOperator = operatorPod().getMetadata().getName();
        editSpec(np -> {
            np.getSpec().cache.ttlSeconds = 90;
            np.getSpec().cache.maxEntries = 5000;
            return np;
        });
        cluster.kubectlOk("-n", PlatformSetup.OPERATOR_NAMESPACE, "delete", "pod", oldOperator, "--wait=false");
        // between the old pod's deletion and its replacement's creation there is no pod at all: wait through that
        await().atMost(LONG)
                .until(() -> liveOperatorPod()
                        .filter(p -> !p.getMetadata().getName().equals(oldOperator))
                        .isPresent());
        await().atMost(LONG).until(() -> "90".equals(configMap().getData().get("APP_NODES_CACHE_TTL")));
        await().atMost(LONG).until(() -> !configHash().equals(hashBefore));
        rolloutDone();
        cluster.kubectlOk("-n", NS, "wait", "--for=condition=Ready", "np/" + NAME, "--timeout=300s");
        assertEquals(migrationsBefore, migrationJobs().size(), "no migration Job again for the same image");
        assertTrue(
                profilingJobs().size() <= profilingBefore + 1,
                "at most one new profiling Job: " + profilingJobs().size());
        assertEquals(
                profilingJobs().size(),
                profilingJobs().stream()
                        .map(j -> j.getMetadata().getName())
                        .distinct()
                        .count());
    }

    @Test
    @Order(9)
    void helmUpgradeTakesEffect() {
        setup.upgradeChart(TAG, Map.of("resyncIntervalSeconds", 10, "regressionWatch.scrapeTimeoutMillis", 3000));
        await().atMost(LONG).until(() -> {
            Pod p = liveOperatorPod().orElse(null);
            return p != null
                    && p.getSpec().getContainers().getFirst().getEnv().stream()
                            .anyMatch(e ->
                                    e.getName().equals("METRICS_SCRAPE_TIMEOUT_MILLIS") && "3000".equals(e.getValue()))
                    && ready(p);
        });
    }

    @Test
    @Order(10)
    void deletingTheResourceRemovesItsChildrenAndUninstallKeepsTheCrd() {
        cluster.kubectlOk("-n", NS, "delete", "np", NAME, "--timeout=120s");
        await().atMost(LONG)
                .until(() -> deployment() == null
                        && k.configMaps()
                                        .inNamespace(NS)
                                        .withName(NAME + "-config")
                                        .get()
                                == null
                        && k.services().inNamespace(NS).withName(NAME).get() == null
                        && migrationJobs().isEmpty()
                        && profilingJobs().isEmpty());

        setup.uninstallChart();
        await().atMost(LONG)
                .until(() -> k.apps()
                                        .deployments()
                                        .inNamespace(PlatformSetup.OPERATOR_NAMESPACE)
                                        .withName(PlatformSetup.OPERATOR_DEPLOYMENT)
                                        .get()
                                == null
                        && k.pods()
                                .inNamespace(PlatformSetup.OPERATOR_NAMESPACE)
                                .list()
                                .getItems()
                                .isEmpty());
        assertEquals(
                "nodesplatforms.platform.nodes.dev",
                cluster.kubectlOk("get", "crd", "nodesplatforms.platform.nodes.dev", "-o", "jsonpath={.metadata.name}")
                        .strip(),
                "crd.keep keeps the CRD");
    }

    // ---- what a user would look at ------------------------------------------------------------------------------

    private String redisCli(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"-n", NS, "exec", "deploy/redis", "--", "redis-cli"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        return cluster.kubectlOk(all).strip();
    }

    private String createNode(ApiClient api, String title) {
        ApiClient.Response r = api.post("v1/nodes", "{\"title\":\"" + title + "\",\"content\":\"e2e\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    private NodesPlatform platform() {
        return k.resources(NodesPlatform.class).inNamespace(NS).withName(NAME).get();
    }

    /** As {@code kubectl edit} does: on a conflict (the operator wrote status meanwhile) read again and retry. */
    private void editSpec(UnaryOperator<NodesPlatform> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                k.resources(NodesPlatform.class).inNamespace(NS).withName(NAME).edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private Deployment deployment() {
        return k.apps().deployments().inNamespace(NS).withName(NAME).get();
    }

    private String configHash() {
        Map<String, String> a =
                deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        return a == null ? "" : String.valueOf(a.get("platform.nodes.dev/config-hash"));
    }

    private ConfigMap configMap() {
        return k.configMaps().inNamespace(NS).withName(NAME + "-config").get();
    }

    /**
     * The rollout is complete and the replaced pods are gone: until then a replaced pod still answers, with the old
     * settings, the connections kube-proxy sends it during its drain.
     */
    private void rolloutDone() {
        cluster.kubectlOk("-n", NS, "rollout", "status", "deploy/" + NAME, "--timeout=300s");
        await().atMost(LONG)
                .until(() -> serviceWorkloadPods().stream()
                        .noneMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
    }

    private List<Job> migrationJobs() {
        return k.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(NAME + "-migrate-"))
                .toList();
    }

    private List<Job> profilingJobs() {
        return k.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(NAME + "-profile-"))
                .toList();
    }

    /** The service's pods that are not being deleted. */
    private List<Pod> servicePods() {
        return serviceWorkloadPods().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** Every pod with the service's name label, terminating ones included. */
    private List<Pod> serviceWorkloadPods() {
        return k.pods()
                .inNamespace(NS)
                .withLabel("app.kubernetes.io/name", "nodes-service")
                .list()
                .getItems();
    }

    private boolean ready(Pod p) {
        return p.getStatus() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private Pod operatorPod() {
        return liveOperatorPod().orElseThrow(() -> new AssertionError("no operator pod"));
    }

    /** The operator pod not being deleted, if there is one now (a rollout or a deletion leaves moments with none). */
    private Optional<Pod> liveOperatorPod() {
        return k.pods().inNamespace(PlatformSetup.OPERATOR_NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .findFirst();
    }

    private int flywayVersions() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                        PlatformSetup.DB_USER,
                        PlatformSetup.DB_PASSWORD);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Resident memory of the running pods, from their cgroups (no metrics-server here). */
    private Map<String, String> podMemory() {
        Map<String, String> memory = new LinkedHashMap<>();
        List<Pod> pods = new ArrayList<>(servicePods());
        pods.add(operatorPod());
        for (Pod p : pods) {
            Shell.Result r = cluster.kubectl(
                    Duration.ofSeconds(30),
                    "-n",
                    p.getMetadata().getNamespace(),
                    "exec",
                    p.getMetadata().getName(),
                    "--",
                    "cat",
                    "/sys/fs/cgroup/memory/memory.usage_in_bytes");
            memory.put(
                    p.getMetadata().getName(),
                    r.exitCode() == 0
                            ? r.stdout().strip()
                            : "unreadable: " + r.stderr().strip());
        }
        return memory;
    }

    private String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (String[] cmd : List.of(
                new String[] {"get", "all,np,cm,jobs,events", "-A", "-o", "wide"},
                new String[] {"-n", NS, "describe", "np", NAME},
                new String[] {
                    "-n",
                    PlatformSetup.OPERATOR_NAMESPACE,
                    "logs",
                    "deploy/" + PlatformSetup.OPERATOR_DEPLOYMENT,
                    "--tail=300"
                })) {
            Shell.Result r = cluster.kubectl(Duration.ofSeconds(60), cmd);
            out.append("$ kubectl ")
                    .append(String.join(" ", cmd))
                    .append('\n')
                    .append(r.stdout())
                    .append(r.stderr())
                    .append('\n');
        }
        return out.toString();
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
    }

    /** Requests in a loop on two virtual threads until closed; counts answers and failures. */
    private static final class Traffic implements AutoCloseable {
        interface Call {
            int status();
        }

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final Map<String, Integer> failures = new ConcurrentHashMap<>();
        private final List<Thread> threads = new ArrayList<>();

        static Traffic start(Call call) {
            Traffic t = new Traffic();
            for (int i = 0; i < 2; i++) {
                t.threads.add(Thread.ofVirtual().start(() -> {
                    while (t.running.get()) {
                        try {
                            int status = call.status();
                            if (status == 200) {
                                t.ok.incrementAndGet();
                            } else {
                                t.fail("HTTP " + status);
                            }
                        } catch (RuntimeException e) {
                            t.fail(
                                    e.getCause() == null
                                            ? e.toString()
                                            : e.getCause().getClass().getSimpleName());
                        }
                    }
                }));
            }
            return t;
        }

        private void fail(String why) {
            failed.incrementAndGet();
            failures.merge(why, 1, Integer::sum);
        }

        int ok() {
            return ok.get();
        }

        int failed() {
            return failed.get();
        }

        Map<String, Integer> failures() {
            return Map.copyOf(failures);
        }

        @Override
        public void close() {
            running.set(false);
            threads.forEach(t -> {
                try {
                    t.join(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
