package dev.nodes.operator.status;

import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.redis.RedisOutcome;
import dev.nodes.operator.resource.NodesPlatformStatus;
import dev.nodes.operator.resource.Phase;
import dev.nodes.operator.resource.RedisStatus;
import java.util.Objects;

/**
 * The one place status is composed: every field and every condition, from the facts and decisions the steps of a
 * reconcile return; a pure function of its inputs. Every condition carries the generation it was computed for,
 * and {@code lastTransitionTime} moves only when its status does (see {@link ConditionsBuilder}).
 */
public final class StatusComposer {
    static final String NOT_EVALUATED = "NotEvaluated";

    private StatusComposer() {}

    public static NodesPlatformStatus compose(NodesPlatformStatus previous, ReconcileFacts facts, String now) {
        NodesPlatformStatus prev = previous == null ? new NodesPlatformStatus() : previous;
        NodesPlatformStatus next = new NodesPlatformStatus();
        next.observedGeneration = facts.generation();
        WatchFacts watch = facts.watch();
        next.baseline = watch != null ? watch.baseline() : prev.baseline;
        next.lastReading =
                watch != null && watch.reading() != null ? ReadingStatus.of(watch.reading()) : prev.lastReading;
        next.rollout = watch != null && watch.rollout() != null ? watch.rollout() : prev.rollout;
        next.lastProfiling = watch != null ? watch.lastProfiling() : prev.lastProfiling;
        next.profiledAt = watch != null ? watch.profiledAt() : prev.profiledAt;
        next.migration = facts.migration() != null ? facts.migration().status() : prev.migration;
        next.redis = redisStatus(prev.redis, facts.redis(), now);

        ConditionsBuilder b = new ConditionsBuilder(prev.conditions, facts.generation(), now);
        String whyNot = whyNotEvaluated(facts);
        WatchConditions.set(b, watch, whyNot);
        if (!facts.invalidSpec().isEmpty()) {
            b.notEvaluated(ConditionType.MIGRATED, whyNot);
            b.notEvaluated(ConditionType.REDIS_CONFIGURED, whyNot);
            b.set(ConditionType.READY, "False", "InvalidSpec", String.join("; ", facts.invalidSpec()));
            next.phase = Phase.Failed;
        } else {
            migrated(b, facts.migration(), whyNot);
            redisConfigured(b, facts.redis(), facts.paused(), whyNot);
            next.phase = readiness(b, facts);
        }
        next.conditions = b.ordered();
        return next;
    }

    /**
     * After a reconcile that threw: what was known stays as it was, {@code Ready} turns {@code False} with reason
     * {@code ReconcileError} and the failure, for the generation that failed; a Ready platform is now Degraded.
     */
    public static NodesPlatformStatus failed(
            NodesPlatformStatus previous, long generation, String message, String now) {
        NodesPlatformStatus next = previous == null ? new NodesPlatformStatus() : previous.copy();
        ConditionsBuilder b = new ConditionsBuilder(next.conditions, generation, now);
        for (String type : ConditionsBuilder.ORDER) {
            if (!type.equals(ConditionType.READY)) {
                b.keep(type);
            }
        }
        b.set(ConditionType.READY, "False", RECONCILE_ERROR, message);
        next.conditions = b.ordered();
        next.phase = next.phase == null ? Phase.Pending : next.phase == Phase.Ready ? Phase.Degraded : next.phase;
        return next;
    }

    public static final String RECONCILE_ERROR = "ReconcileError";

    /** Why the conditions a reconcile stopped short of were not evaluated: it stops at the first of these. */
    private static String whyNotEvaluated(ReconcileFacts facts) {
        if (!facts.invalidSpec().isEmpty()) {
            return "the spec is invalid";
        }
        if (!facts.missingSecrets().isEmpty()) {
            return "referenced Secrets are missing";
        }
        return "not looked at in this reconcile";
    }

    private static Phase readiness(ConditionsBuilder b, ReconcileFacts facts) {
        MigrationDecision m = facts.migration();
        RedisOutcome redis = facts.redis();
        if (facts.paused()) {
            b.set(ConditionType.READY, "False", "Paused", "spec.paused is true: observing only, changing nothing");
            return Phase.Paused;
        }
        if (!facts.missingSecrets().isEmpty()) {
            b.set(ConditionType.READY, "False", "SecretMissing", String.join("; ", facts.missingSecrets()));
            return Phase.Pending;
        }
        if (m != null && m.action() == MigrationDecision.Action.FAILED) {
            b.set(
                    ConditionType.READY,
                    "False",
                    "MigrationFailed",
                    "rollout of " + m.status().image + " blocked: " + m.status().message);
            return Phase.Failed;
        }
        if (m != null
                && (m.action() == MigrationDecision.Action.CREATE_JOB || m.action() == MigrationDecision.Action.WAIT)) {
            String held = facts.rollout() != null && facts.rollout().heldBack()
                    ? "; still serving " + facts.rollout().image()
                    : "";
            b.set(ConditionType.READY, "False", "Migrating", "waiting for Job " + m.status().job + held);
            return Phase.Migrating;
        }
        if (!facts.rolledOut()) {
            b.set(ConditionType.READY, "False", "RollingOut", "waiting for the Deployment to roll out");
            return Phase.Pending;
        }
        if (redis == null || !redis.inSync()) {
            b.set(ConditionType.READY, "False", "RedisNotConfigured", "service runs; Redis settings are not applied");
            return Phase.Degraded;
        }
        b.set(ConditionType.READY, "True", "Available", "all replicas run the current spec");
        return Phase.Ready;
    }

    private static void migrated(ConditionsBuilder b, MigrationDecision m, String whyNot) {
        if (m == null) {
            b.notEvaluated(ConditionType.MIGRATED, whyNot);
            return;
        }
        switch (m.action()) {
            case DISABLED -> b.set(ConditionType.MIGRATED, "True", "Disabled", "spec.migrations.enabled is false");
            case SUCCEEDED ->
                b.set(
                        ConditionType.MIGRATED,
                        "True",
                        "Succeeded",
                        "image " + m.status().image + " migrated by Job " + m.status().job);
            case CREATE_JOB, WAIT ->
                b.set(
                        ConditionType.MIGRATED,
                        "False",
                        "Running",
                        "Job " + m.status().job + " migrates image " + m.status().image);
            case FAILED ->
                b.set(
                        ConditionType.MIGRATED,
                        "False",
                        "MigrationFailed",
                        "Job " + m.status().job + ": " + m.status().message);
        }
    }

    private static void redisConfigured(ConditionsBuilder b, RedisOutcome redis, boolean paused, String whyNot) {
        if (redis == null) {
            b.notEvaluated(ConditionType.REDIS_CONFIGURED, whyNot);
        } else if (redis.error() != null) {
            b.set(ConditionType.REDIS_CONFIGURED, "False", "RedisUnavailable", redis.error());
        } else if (!redis.inSync()) {
            b.set(
                    ConditionType.REDIS_CONFIGURED,
                    "False",
                    "Drift",
                    describe(redis) + (paused ? " (paused: not re-applied)" : ""));
        } else {
            b.set(ConditionType.REDIS_CONFIGURED, "True", "InSync", describe(redis));
        }
    }

    private static String describe(RedisOutcome redis) {
        String base = "maxmemory-policy=" + redis.observed().maxmemoryPolicy() + " maxmemory="
                + redis.observed().maxmemoryBytes();
        return redis.note() == null ? base : base + "; " + redis.note();
    }

    private static RedisStatus redisStatus(RedisStatus previous, RedisOutcome outcome, String now) {
        if (outcome == null || outcome.observed() == null) {
            return previous;
        }
        RedisStatus s = new RedisStatus();
        s.maxmemoryPolicy = outcome.observed().maxmemoryPolicy();
        s.maxmemory = Long.toString(outcome.observed().maxmemoryBytes());
        // observedAt marks when the values last changed, so an unchanged Redis causes no status write
        boolean same = previous != null
                && Objects.equals(previous.maxmemoryPolicy, s.maxmemoryPolicy)
                && Objects.equals(previous.maxmemory, s.maxmemory)
                && previous.observedAt != null;
        s.observedAt = same ? previous.observedAt : now;
        return s;
    }
}
