package dev.nodes.operator.reconcile;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.child.ContentHash;
import dev.nodes.operator.config.ServiceConfigMapBuilder;
import dev.nodes.operator.dependent.ChildPlan;
import dev.nodes.operator.dependent.ChildWrites;
import dev.nodes.operator.dependent.ConfigMapDependent;
import dev.nodes.operator.dependent.DeploymentDependent;
import dev.nodes.operator.dependent.MigrationJobDependent;
import dev.nodes.operator.dependent.ServiceDependent;
import dev.nodes.operator.deployment.DeploymentReadiness;
import dev.nodes.operator.deployment.RolloutDecision;
import dev.nodes.operator.deployment.ServiceDeploymentBuilder;
import dev.nodes.operator.events.EventRecorder;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.migration.MigrationHash;
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
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps of the operator spec, in order. The children are the workflow's dependents, applied with
 * server-side apply when they differ from what the decisions here want; it runs only when the spec is
 * valid and not paused. Status is written only when it changed.
 */
@Workflow(
        explicitInvocation = true,
        handleExceptionsInReconciler = true,
        dependents = {
            @Dependent(name = "config", type = ConfigMapDependent.class),
            @Dependent(
                    name = MigrationJobDependent.NAME,
                    type = MigrationJobDependent.class,
                    dependsOn = "config",
                    reconcilePrecondition = MigrationJobDependent.Due.class),
            @Dependent(
                    name = "deployment",
                    type = DeploymentDependent.class,
                    dependsOn = "config",
                    reconcilePrecondition = DeploymentDependent.Migrated.class),
            // with the Deployment: none before a first migration succeeded
            @Dependent(name = "service", type = ServiceDependent.class, dependsOn = "deployment")
        })
public class NodesPlatformReconciler implements Reconciler<NodesPlatform> {
    private final RedisConfigurator redis;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final RegressionStep regression;

    public NodesPlatformReconciler(
            KubernetesClient client,
            RedisConfigurator redis,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock,
            RegressionWatch watch) {
        this.redis = redis;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.regression = new RegressionStep(client, watch, redis, events, metrics, clock);
    }

    /** The children's informers are the workflow's dependents'; these are the reconciler's own. */
    @Override
    public List<EventSource<?, NodesPlatform>> prepareEventSources(EventSourceContext<NodesPlatform> context) {
        InformerEventSource<Secret, NodesPlatform> secrets = ReferencedSecrets.eventSource(context);
        return List.of(
                secrets,
                RedisDriftSource.create(
                        context, redis, np -> redisTarget(np.getSpec(), ReferencedSecrets.snapshot(secrets, np))));
    }

    @Override
    public UpdateControl<NodesPlatform> reconcile(NodesPlatform np, Context<NodesPlatform> context) {
        long started = System.nanoTime();
        boolean success = false;
        // the framework's cache has the status this operator wrote last, even before the watch brought it
        String cachedStatus = np.getStatus() == null ? "" : Serialization.asJson(np.getStatus());
        try {
            UpdateControl<NodesPlatform> control = reconcileSteps(np, cachedStatus, context);
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
    public ErrorStatusUpdateControl<NodesPlatform> updateErrorStatus(
            NodesPlatform np, Context<NodesPlatform> context, Exception e) {
        String message = ReconcileFailure.describe(e, context.getRetryInfo());
        events.warning(np, StatusComposer.RECONCILE_ERROR, message);
        NodesPlatformStatus next = StatusComposer.failed(
                np.getStatus(), Objects.requireNonNullElse(np.getMetadata().getGeneration(), 0L), message, now());
        CachedStatus.write(np, next, context);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private UpdateControl<NodesPlatform> reconcileSteps(
            NodesPlatform np, String cachedStatus, Context<NodesPlatform> context) {
        NodesPlatformSpec spec = np.getSpec();
        long generation = Objects.requireNonNullElse(np.getMetadata().getGeneration(), 0L);

        // 1. validate; paused stops after status
        List<String> problems = SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            events.warning(np, "InvalidSpec", String.join("; ", problems));
            return statusUpdate(np, cachedStatus, ReconcileFacts.invalid(generation, problems), context);
        }
        boolean paused = spec.paused;
        if (paused) {
            events.normal(np, "Paused", "spec.paused is true: observing only");
        }
        SecretSnapshot secrets = ReferencedSecrets.snapshot(ReferencedSecrets.of(context), np);
        List<String> missing = secrets.missing();
        if (!missing.isEmpty()) {
            events.warning(np, "SecretMissing", String.join("; ", missing));
        }

        // 2. Redis: applied (or, paused, only read back) on every reconcile, which also catches drift
        Optional<RedisTarget> redisTarget = redisTarget(spec, secrets);
        RedisOutcome redisOutcome = redisTarget
                .map(target -> redis.reconcile(
                        target,
                        spec.redis.maxmemoryPolicy.redisName(),
                        spec.redis.maxmemory,
                        spec.cache.maxEntries,
                        !paused))
                .orElse(null);
        reportRedis(np, redisOutcome);
        if (!missing.isEmpty()) {
            if (!paused) {
                applyChildren(np, ChildPlan.configOnly(), context);
            }
            return statusUpdate(
                    np,
                    cachedStatus,
                    new ReconcileFacts(generation, List.of(), paused, missing, null, redisOutcome, null, false),
                    context);
        }

        // 3. what the migration Job and the Deployment are to be: the new image only once migrated
        String hash = MigrationHash.of(np, secrets);
        String jobName = ChildMetadata.migrationJobName(np, hash);
        Job job = context.getSecondaryResources(Job.class).stream()
                .filter(j -> jobName.equals(j.getMetadata().getName()))
                .findFirst()
                .orElse(null);
        MigrationStatus previousMigration = np.getStatus() == null ? null : np.getStatus().migration;
        MigrationDecision migration =
                MigrationDecision.decide(spec.migrations.enabled, hash, jobName, spec.image, job, previousMigration);
        RolloutDecision rollout = RolloutDecision.decide(
                migration.imageApproved(),
                spec.image,
                context.getSecondaryResource(Deployment.class).orElse(null));

        // 4. ConfigMap, Service, migration Job and Deployment: the workflow applies what differs
        if (!paused) {
            reportMigration(np, migration, previousMigration, hash);
            if (rollout.heldBack()) {
                events.normal(
                        np, "RolloutHeld", "keeping " + rollout.image() + " until " + spec.image + " is migrated");
            }
            String configHash = ContentHash.of(
                    Serialization.asJson(ServiceConfigMapBuilder.build(np).getData()), secrets.contentHash());
            applyChildren(np, new ChildPlan(migration, hash, rollout, configHash), context);
        }
        Deployment current = context.getSecondaryResource(Deployment.class).orElse(null);
        boolean templateRolledOut = DeploymentReadiness.isRolledOut(current, spec.replicas);
        boolean rolledOut = spec.image.equals(ServiceDeploymentBuilder.currentImage(current)) && templateRolledOut;

        // 5. and 6. regression watch (every window) and profiling Jobs
        RegressionStep.Result watch =
                regression.run(np, context, paused, migration, current, templateRolledOut, redisTarget);
        UpdateControl<NodesPlatform> control = statusUpdate(
                np,
                cachedStatus,
                new ReconcileFacts(
                        generation,
                        List.of(),
                        paused,
                        List.of(),
                        migration,
                        redisOutcome,
                        rollout,
                        rolledOut,
                        watch.facts()),
                context);
        if (watch.nextWindowIn() != null) {
            // never a tight loop, whatever the clock says
            control.rescheduleAfter(
                    watch.nextWindowIn().compareTo(MIN_RESCHEDULE) < 0 ? MIN_RESCHEDULE : watch.nextWindowIn());
        }
        return control;
    }

    static final Duration MIN_RESCHEDULE = Duration.ofMillis(200);

    /**
     * Runs the workflow for this plan, then tells what it wrote: an Event and a count per write. A dependent
     * that failed fails the reconcile, after the writes of the others were told.
     */
    private void applyChildren(NodesPlatform np, ChildPlan plan, Context<NodesPlatform> context) {
        plan.storeIn(context);
        ChildWrites writes = ChildWrites.startIn(context);
        WorkflowReconcileResult result =
                context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        for (ChildWrites.Write write : writes.all()) {
            String action = write.action().name().toLowerCase(Locale.ROOT);
            metrics.childWritten(write.kind(), action);
            if (write.kind().equals("Job")) {
                events.normal(np, "MigrationStarted", "Job " + write.name() + " migrates image " + np.getSpec().image);
            } else {
                String reason = write.kind() + (write.action() == ChildWrites.Action.CREATED ? "Created" : "Updated");
                events.normal(
                        np,
                        reason,
                        write.kind() + " " + write.name() + " " + action + " (resourceVersion "
                                + write.resourceVersion() + ")");
            }
        }
        result.throwAggregateExceptionIfErrorsPresent();
    }

    private void reportMigration(NodesPlatform np, MigrationDecision migration, MigrationStatus previous, String hash) {
        boolean newOutcome =
                previous == null || !hash.equals(previous.hash) || previous.state != migration.status().state;
        if (!newOutcome) {
            return;
        }
        if (migration.action() == MigrationDecision.Action.SUCCEEDED) {
            events.normal(
                    np,
                    "MigrationSucceeded",
                    "Job " + migration.status().job + " migrated image " + migration.status().image);
        } else if (migration.action() == MigrationDecision.Action.FAILED) {
            events.warning(
                    np,
                    "MigrationFailed",
                    "Job " + migration.status().job + ": " + migration.status().message + "; rollout blocked");
        }
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
        settings.forEach((k, v) ->
                s.append(s.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return s.toString();
    }

    static Optional<RedisTarget> redisTarget(NodesPlatformSpec spec, SecretSnapshot secrets) {
        if (!SecretReferences.usesRedisSecret(spec)) {
            return Optional.of(new RedisTarget(spec.redis.host, spec.redis.port, null));
        }
        String ref = spec.redis.secretRef;
        return secrets.value(ref, SecretReferences.REDIS_HOST)
                .flatMap(host -> secrets.value(ref, SecretReferences.REDIS_PORT)
                        .map(port -> new RedisTarget(
                                host,
                                Integer.parseInt(port.trim()),
                                secrets.value(ref, SecretReferences.REDIS_PASSWORD)
                                        .orElse(null))));
    }

    /** Writes the composed status when it differs from the cache's (so a lost write is written again). */
    private UpdateControl<NodesPlatform> statusUpdate(
            NodesPlatform np, String cachedStatus, ReconcileFacts facts, Context<NodesPlatform> context) {
        NodesPlatformStatus next = StatusComposer.compose(np.getStatus(), facts, now());
        if (!Serialization.asJson(next).equals(cachedStatus)) {
            CachedStatus.write(np, next, context);
        }
        return UpdateControl.noUpdate();
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
