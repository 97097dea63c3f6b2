package dev.nodes.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.operator.deployment.RolloutDecision;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.redis.RedisConfig;
import dev.nodes.operator.redis.RedisOutcome;
import dev.nodes.operator.resource.MigrationState;
import dev.nodes.operator.resource.MigrationStatus;
import dev.nodes.operator.resource.NodesPlatformStatus;
import dev.nodes.operator.resource.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusComposerTest {
    static final RedisOutcome REDIS_OK =
            new RedisOutcome(new RedisConfig("allkeys-lru", 0L), Map.of(), true, null, null);

    static MigrationDecision migration(MigrationDecision.Action action, MigrationState state) {
        MigrationStatus s = new MigrationStatus();
        s.job = "np-migrate-h";
        s.image = "img:1";
        s.hash = "h";
        s.state = state;
        s.message = state == MigrationState.Failed ? "BackoffLimitExceeded" : null;
        return new MigrationDecision(action, action == MigrationDecision.Action.SUCCEEDED, s);
    }

    static ReconcileFacts facts(long generation, MigrationDecision m, boolean rolledOut, boolean paused) {
        return new ReconcileFacts(
                generation, List.of(), paused, List.of(), m, REDIS_OK, new RolloutDecision("img:1", false), rolledOut);
    }

    static Condition condition(NodesPlatformStatus s, String type) {
        return Conditions.find(s.conditions, type).orElseThrow();
    }

    @Test
    void readyOnceMigratedRolledOutAndRedisInSync() {
        NodesPlatformStatus s = StatusComposer.compose(
                null,
                facts(1, migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded), true, false),
                "t1");
        assertEquals(Phase.Ready, s.phase);
        assertEquals(1L, s.observedGeneration);
        assertEquals(
                List.of("Ready", "Migrated", "RedisConfigured", "RegressionDetected", "Profiling"),
                s.conditions.stream().map(Condition::getType).toList());
        assertEquals("True", condition(s, "Ready").getStatus());
        // without the watch's facts (not evaluated in this reconcile) the watch's conditions stay unknown
        assertEquals("NotEvaluated", condition(s, "RegressionDetected").getReason());
        assertEquals("Unknown", condition(s, "Profiling").getStatus());
    }

    @Test
    void lastTransitionTimeChangesOnlyOnATransition() {
        NodesPlatformStatus migrating = StatusComposer.compose(
                null, facts(1, migration(MigrationDecision.Action.WAIT, MigrationState.Running), false, false), "t1");
        assertEquals(Phase.Migrating, migrating.phase);
        NodesPlatformStatus stillMigrating = StatusComposer.compose(
                migrating,
                facts(2, migration(MigrationDecision.Action.WAIT, MigrationState.Running), false, false),
                "t2");
        assertEquals("t1", condition(stillMigrating, "Ready").getLastTransitionTime());
        assertEquals(2L, condition(stillMigrating, "Ready").getObservedGeneration());
        NodesPlatformStatus ready = StatusComposer.compose(
                stillMigrating,
                facts(2, migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded), true, false),
                "t3");
        assertEquals("t3", condition(ready, "Ready").getLastTransitionTime());
        assertEquals("t1", condition(ready, "RedisConfigured").getLastTransitionTime());
    }

    @Test
    void aFailedMigrationIsReportedWithItsReason() {
        NodesPlatformStatus s = StatusComposer.compose(
                null, facts(1, migration(MigrationDecision.Action.FAILED, MigrationState.Failed), false, false), "t");
        assertEquals(Phase.Failed, s.phase);
        assertEquals("MigrationFailed", condition(s, "Migrated").getReason());
        assertEquals(
                "Job np-migrate-h: BackoffLimitExceeded",
                condition(s, "Migrated").getMessage());
        assertEquals("MigrationFailed", condition(s, "Ready").getReason());
    }

    @Test
    void anInvalidSpecIsReadyFalseInvalidSpec() {
        NodesPlatformStatus s = StatusComposer.compose(null, ReconcileFacts.invalid(4, List.of("bad")), "t");
        assertEquals(Phase.Failed, s.phase);
        assertEquals("InvalidSpec", condition(s, "Ready").getReason());
        assertEquals("bad", condition(s, "Ready").getMessage());
        assertEquals("Unknown", condition(s, "Migrated").getStatus());
    }

    @Test
    void pausedReportsPausedAndRedisDriftWithoutFixingIt() {
        RedisOutcome drift = new RedisOutcome(new RedisConfig("noeviction", 0L), Map.of(), false, null, null);
        ReconcileFacts f = new ReconcileFacts(
                1,
                List.of(),
                true,
                List.of(),
                migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded),
                drift,
                new RolloutDecision("img:1", false),
                true);
        NodesPlatformStatus s = StatusComposer.compose(null, f, "t");
        assertEquals(Phase.Paused, s.phase);
        assertEquals("Drift", condition(s, "RedisConfigured").getReason());
        assertEquals("noeviction", s.redis.maxmemoryPolicy);
    }

    @Test
    void anUnchangedRedisKeepsItsObservedAt() {
        NodesPlatformStatus first = StatusComposer.compose(
                null,
                facts(1, migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded), true, false),
                "t1");
        NodesPlatformStatus second = StatusComposer.compose(
                first,
                facts(1, migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded), true, false),
                "t2");
        assertEquals("t1", second.redis.observedAt);
    }

    @Test
    void aFailedReconcileTurnsReadyFalseWithTheReasonAndKeepsTheRest() {
        NodesPlatformStatus ready = StatusComposer.compose(
                null,
                facts(1, migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded), true, false),
                "t1");
        NodesPlatformStatus failed = StatusComposer.failed(
                ready, 2, "reconcile failed: API server answered 403: forbidden (retrying)", "t2");
        assertEquals(Phase.Degraded, failed.phase);
        Condition readyCondition = condition(failed, "Ready");
        assertEquals("False", readyCondition.getStatus());
        assertEquals("ReconcileError", readyCondition.getReason());
        assertEquals("reconcile failed: API server answered 403: forbidden (retrying)", readyCondition.getMessage());
        assertEquals(2L, readyCondition.getObservedGeneration(), "computed for the generation that failed");
        assertEquals("t2", readyCondition.getLastTransitionTime());
        // what this reconcile did not get to stays as it was, with the generation it was computed for
        assertEquals(condition(ready, "Migrated"), condition(failed, "Migrated"));
        assertEquals(ready.observedGeneration, failed.observedGeneration);
        assertEquals(ready.migration.hash, failed.migration.hash);
        assertEquals("True", condition(ready, "Ready").getStatus(), "the previous status is not changed");

        NodesPlatformStatus failedAgain = StatusComposer.failed(
                failed, 2, "reconcile failed: API server answered 403: forbidden (retrying)", "t3");
        assertEquals("t2", condition(failedAgain, "Ready").getLastTransitionTime(), "no transition, no new time");
        NodesPlatformStatus recovered = StatusComposer.compose(
                failedAgain,
                facts(2, migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded), true, false),
                "t4");
        assertEquals(Phase.Ready, recovered.phase);
        assertEquals("t4", condition(recovered, "Ready").getLastTransitionTime());
    }

    @Test
    void aFirstReconcileThatFailsStillHasAStatus() {
        NodesPlatformStatus failed =
                StatusComposer.failed(null, 1, "reconcile failed: IllegalStateException: boom (retrying)", "t1");
        assertEquals(Phase.Pending, failed.phase);
        assertEquals(
                List.of("Ready"),
                failed.conditions.stream().map(Condition::getType).toList());
    }
}
