package dev.nodes.operator.reconcile;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.child.ChildWriter;
import dev.nodes.operator.child.ContentHash;
import dev.nodes.operator.config.ServiceConfigMapBuilder;
import dev.nodes.operator.deployment.ClusterServiceBuilder;
import dev.nodes.operator.deployment.DeploymentReadiness;
import dev.nodes.operator.deployment.RolloutDecision;
import dev.nodes.operator.deployment.ServiceDeploymentBuilder;
import dev.nodes.operator.events.EventRecorder;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.migration.MigrationHash;
import dev.nodes.operator.migration.MigrationJobBuilder;
import dev.nodes.operator.redis.RedisConfigurator;
import dev.nodes.operator.redis.RedisOutcome;
import dev.nodes.operator.redis.RedisTarget;
import dev.nodes.operator.resource.MigrationStatus;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformSpec;
import dev.nodes.operator.resource.NodesPlatformStatus;
import dev.nodes.operator.runtime.OperatorMetrics;
import dev.nodes.operator.secret.SecretReferences;
import dev.nodes.operator.secret.SecretSnapshot;
import dev.nodes.operator.status.ReconcileFacts;
import dev.nodes.operator.status.StatusComposer;
import dev.nodes.operator.validation.SpecValidator;
import dev.nodes.operator.watch.RegressionWatch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** The steps of the operator spec, in order; each writes only when something differs. */
public class NodesPlatformReconciler implements Reconciler<NodesPlatform> {
    private final KubernetesClient client;
    private final ChildWriter writer;
    private final RedisConfigurator redis;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final RegressionStep regression;

    public NodesPlatformReconciler(KubernetesClient client, RedisConfigurator redis, EventRecorder events,
                                   OperatorMetrics metrics, Clock clock, RegressionWatch watch) {
        this.client = client;
        this.writer = new ChildWriter(client);
        this.redis = redis;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.regression = new RegressionStep(client, watch, redis, events, metrics, clock);
    }

    @Override
    public List<EventSource<?, NodesPlatform>> prepareEventSources(EventSourceContext<NodesPlatform> context) {
        InformerEventSource<Secret, NodesPlatform> secrets = ChildCaches.secrets(context);
        List<EventSource<?, NodesPlatform>> sources = new ArrayList<>(ChildCaches.owned(context));
        sources.add(secrets);
        sources.add(RedisDriftSource.create(context, redis, np -> redisTarget(np.getSpec(), SecretSnapshot.lookup(
                SecretReferences.of(np.getSpec()),
                name -> secrets.get(new ResourceID(name, np.getMetadata().getNamespace()))))));
        return sources;
    }

    @Override
    public UpdateControl<NodesPlatform> reconcile(NodesPlatform np, Context<NodesPlatform> context) {
        long started = System.nanoTime();
        boolean success = false;
        String uid = np.getMetadata().getUid();
        NodesPlatformStatus cached = np.getStatus();
        cachedStatusJson.put(uid, cached == null ? "" : Serialization.asJson(cached));
        NodesPlatformStatus mine = written.get(uid);
        if (mine != null) {
            // the informer may not have seen the last status write yet: compose from what was written,
            // or a window's baseline, reading or cooldown start could be rolled back
            np.setStatus(mine.copy());
        }
        try {
            UpdateControl<NodesPlatform> control = reconcileSteps(np, context);
            success = true;
            return control;
        } finally {
            metrics.reconciled(success, System.nanoTime() - started);
        }
    }

    /**
     * A reconcile that threw (an API error, a Redis that does not answer, a scrape that failed): status says so on
     * {@code Ready} and an Event names it; the framework retries with the controller's retry policy.
     */
    @Override
    public ErrorStatusUpdateControl<NodesPlatform> updateErrorStatus(NodesPlatform np, Context<NodesPlatform> context,
                                                                     Exception e) {
        String message = ReconcileFailure.describe(e, context.getRetryInfo());
        events.warning(np, StatusComposer.RECONCILE_ERROR, message);
        String uid = np.getMetadata().getUid();
        NodesPlatformStatus previous = written.getOrDefault(uid, np.getStatus());
        NodesPlatformStatus next = StatusComposer.failed(previous, Objects.requireNonNullElse(np.getMetadata().getGeneration(), 0L),
                message, now());
        remember(uid, next);
        np.setStatus(next);
        np.getMetadata().setResourceVersion(null);
        return ErrorStatusUpdateControl.patchStatus(np);
    }

    private UpdateControl<NodesPlatform> reconcileSteps(NodesPlatform np, Context<NodesPlatform> context) {
        NodesPlatformSpec spec = np.getSpec();
        long generation = Objects.requireNonNullElse(np.getMetadata().getGeneration(), 0L);

        // 1. validate; paused stops after status
        List<String> problems = SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            events.warning(np, "InvalidSpec", String.join("; ", problems));
            return statusUpdate(np, ReconcileFacts.invalid(generation, problems));
        }
        boolean paused = spec.paused;
        if (paused) {
            events.normal(np, "Paused", "spec.paused is true: observing only");
        }
        SecretSnapshot secrets = SecretSnapshot.lookup(SecretReferences.of(spec),
                name -> ChildCaches.get(context, Secret.class, np, name));
        List<String> missing = secrets.missing();
        if (!missing.isEmpty()) {
            events.warning(np, "SecretMissing", String.join("; ", missing));
        }

        // 2. ConfigMap
        ConfigMap configMap = ServiceConfigMapBuilder.build(np);
        if (!paused) {
            apply(np, "ConfigMap", configMap, ChildCaches.get(context, ConfigMap.class, np, ChildMetadata.configMapName(np)).orElse(null),
                    (desired, actual) -> actual.setData(desired.getData()), context, ConfigMap.class);
        }

        // 3. Redis: applied (or, paused, only read back) on every reconcile, which also catches drift
        Optional<RedisTarget> redisTarget = redisTarget(spec, secrets);
        RedisOutcome redisOutcome = redisTarget
                .map(target -> redis.reconcile(target, spec.redis.maxmemoryPolicy.redisName(), spec.redis.maxmemory,
                        spec.cache.maxEntries, !paused))
                .orElse(null);
        reportRedis(np, redisOutcome);
        if (!missing.isEmpty()) {
            return statusUpdate(np, new ReconcileFacts(generation, List.of(), paused, missing, null, redisOutcome, null, false));
        }

        // 4. migration Job for this hash
        String hash = MigrationHash.of(np, secrets);
        String jobName = ChildMetadata.migrationJobName(np, hash);
        Job job = ChildCaches.get(context, Job.class, np, jobName).orElse(null);
        MigrationStatus previousMigration = np.getStatus() == null ? null : np.getStatus().migration;
        MigrationDecision migration = MigrationDecision.decide(spec.migrations.enabled, hash, jobName, spec.image, job, previousMigration);
        if (!paused) {
            actOnMigration(np, migration, previousMigration, hash, context);
        }

        // 5. Deployment and Service: the new image only once migrated
        Deployment existing = ChildCaches.get(context, Deployment.class, np, ChildMetadata.deploymentName(np)).orElse(null);
        RolloutDecision rollout = RolloutDecision.decide(migration.imageApproved(), spec.image, existing);
        Deployment current = existing;
        if (!paused && !rollout.createsNothing()) {
            if (rollout.heldBack()) {
                events.normal(np, "RolloutHeld", "keeping " + rollout.image() + " until " + spec.image + " is migrated");
            }
            String configHash = ContentHash.of(Serialization.asJson(configMap.getData()), secrets.contentHash());
            current = apply(np, "Deployment", ServiceDeploymentBuilder.build(np, rollout.image(), configHash), existing,
                    (desired, actual) -> {
                        actual.getSpec().setReplicas(desired.getSpec().getReplicas());
                        actual.getSpec().setStrategy(desired.getSpec().getStrategy());
                        actual.getSpec().setTemplate(desired.getSpec().getTemplate());
                    }, context, Deployment.class);
            apply(np, "Service", ClusterServiceBuilder.build(np),
                    ChildCaches.get(context, Service.class, np, ChildMetadata.serviceName(np)).orElse(null),
                    (desired, actual) -> {
                        actual.getSpec().setPorts(desired.getSpec().getPorts());
                        actual.getSpec().setSelector(desired.getSpec().getSelector());
                        actual.getSpec().setType(desired.getSpec().getType());
                    }, context, Service.class);
        }
        boolean templateRolledOut = DeploymentReadiness.isRolledOut(current, spec.replicas);
        boolean rolledOut = spec.image.equals(ServiceDeploymentBuilder.currentImage(current)) && templateRolledOut;

        // 6. and 7. regression watch (every window) and profiling Jobs
        RegressionStep.Result watch = regression.run(np, context, paused, migration, current, templateRolledOut, redisTarget);
        UpdateControl<NodesPlatform> control = statusUpdate(np, new ReconcileFacts(generation, List.of(), paused, List.of(),
                migration, redisOutcome, rollout, rolledOut, watch.facts()));
        if (watch.nextWindowIn() != null) {
            // never a tight loop, whatever the clock says
            control.rescheduleAfter(watch.nextWindowIn().compareTo(MIN_RESCHEDULE) < 0 ? MIN_RESCHEDULE : watch.nextWindowIn());
        }
        return control;
    }

    static final Duration MIN_RESCHEDULE = Duration.ofMillis(200);

    private void actOnMigration(NodesPlatform np, MigrationDecision migration, MigrationStatus previous, String hash,
                                Context<NodesPlatform> context) {
        boolean newOutcome = previous == null || !hash.equals(previous.hash) || previous.state != migration.status().state;
        switch (migration.action()) {
            case CREATE_JOB -> {
                try {
                    Job created = client.resource(MigrationJobBuilder.build(np, hash)).create();
                    ChildCaches.of(context, Job.class).handleRecentResourceCreate(ResourceID.fromResource(np), created);
                    metrics.childWritten("Job", "created");
                    events.normal(np, "MigrationStarted", "Job " + created.getMetadata().getName() + " migrates image " + np.getSpec().image);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) { // 409: created before, the cache has not seen it yet
                        throw e;
                    }
                }
            }
            case SUCCEEDED -> {
                if (newOutcome) {
                    events.normal(np, "MigrationSucceeded", "Job " + migration.status().job + " migrated image " + migration.status().image);
                }
            }
            case FAILED -> {
                if (newOutcome) {
                    events.warning(np, "MigrationFailed", "Job " + migration.status().job + ": " + migration.status().message
                            + "; rollout blocked");
                }
            }
            default -> {
            }
        }
    }

    private <R extends HasMetadata> R apply(NodesPlatform np, String kind, R desired, R actual,
                                                                            BiConsumer<R, R> copy,
                                                                            Context<NodesPlatform> context, Class<R> type) {
        ChildWriter.Result result = writer.apply(np, desired, actual, copy, ChildCaches.of(context, type));
        if (result == ChildWriter.Result.UNCHANGED) {
            return actual;
        }
        String action = result == ChildWriter.Result.CREATED ? "Created" : "Updated";
        metrics.childWritten(kind, action.toLowerCase(Locale.ROOT));
        events.normal(np, kind + action, kind + " " + desired.getMetadata().getName() + " " + action.toLowerCase(Locale.ROOT)
                + " (" + desired.getMetadata().getAnnotations().get(ChildMetadata.DESIRED_HASH) + ")");
        return ChildCaches.get(context, type, np, desired.getMetadata().getName()).orElse(desired);
    }

    private void reportRedis(NodesPlatform np, RedisOutcome outcome) {
        if (outcome == null) {
            return;
        }
        if (outcome.error() != null) {
            events.warning(np, "RedisUnavailable", outcome.error());
        } else if (!outcome.applied().isEmpty()) {
            // includes the time: the same drift repaired twice is two actions, and two Events
            events.normal(np, "RedisConfigured", "set " + describe(outcome.applied()) + " at " + now());
        }
    }

    private static String describe(Map<String, String> settings) {
        StringBuilder s = new StringBuilder();
        settings.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }

    static Optional<RedisTarget> redisTarget(NodesPlatformSpec spec, SecretSnapshot secrets) {
        if (!SecretReferences.usesRedisSecret(spec)) {
            return Optional.of(new RedisTarget(spec.redis.host, spec.redis.port, null));
        }
        String ref = spec.redis.secretRef;
        return secrets.value(ref, SecretReferences.REDIS_HOST).flatMap(host -> secrets.value(ref, SecretReferences.REDIS_PORT)
                .map(port -> new RedisTarget(host, Integer.parseInt(port.trim()),
                        secrets.value(ref, SecretReferences.REDIS_PASSWORD).orElse(null))));
    }

    private UpdateControl<NodesPlatform> statusUpdate(NodesPlatform np, ReconcileFacts facts) {
        NodesPlatformStatus previous = np.getStatus();
        NodesPlatformStatus next = StatusComposer.compose(previous, facts, now());
        String uid = np.getMetadata().getUid();
        String nextJson = Serialization.asJson(next);
        remember(uid, next);
        // compared with what the server has (as cached): a lost write is written again
        if (nextJson.equals(cachedStatusJson.get(uid))) {
            return UpdateControl.noUpdate();
        }
        np.setStatus(next); // JOSDK hands each reconcile its own copy of the resource
        // the operator alone owns status and reconciles one resource at a time: no optimistic lock,
        // so a status write never fails on a spec change that arrived meanwhile
        np.getMetadata().setResourceVersion(null);
        return UpdateControl.patchStatus(np);
    }

    /** The last status composed per NodesPlatform (the operator is its only writer); bounded. */
    private void remember(String uid, NodesPlatformStatus status) {
        if (written.size() >= MAX_REMEMBERED && !written.containsKey(uid)) {
            written.clear(); // thousands of NodesPlatforms or deleted ones: fall back to the cache
            cachedStatusJson.keySet().retainAll(Set.of(uid));
        }
        written.put(uid, status);
    }

    static final int MAX_REMEMBERED = 10_000;
    private final Map<String, NodesPlatformStatus> written = new ConcurrentHashMap<>();
    private final Map<String, String> cachedStatusJson = new ConcurrentHashMap<>();

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
