package dev.nodes.operator.status;

import static dev.nodes.operator.status.StatusComposerTest.REDIS_OK;
import static dev.nodes.operator.status.StatusComposerTest.condition;
import static dev.nodes.operator.status.StatusComposerTest.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.deployment.RolloutDecision;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.resource.MigrationState;
import dev.nodes.operator.resource.NodesPlatformStatus;
import dev.nodes.operator.resource.ProfilingRun;
import dev.nodes.operator.watch.WatchDecision;
import dev.nodes.operator.watch.WatchDecision.Verdict;
import dev.nodes.operator.watch.WindowReading;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every condition carries the generation it was computed for; lastTransitionTime moves only on a transition. */
class ConditionGenerationsTest {
    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    static final MigrationDecision MIGRATED = migration(MigrationDecision.Action.SUCCEEDED, MigrationState.Succeeded);

    static WatchDecision decision(Verdict regression, WatchDecision.Skip skip, String skipped) {
        return new WatchDecision(
                null, false, regression, List.of(), WatchDecision.Action.NONE, null, skipped, skip, null);
    }

    static WatchFacts window(WatchDecision decision) {
        return new WatchFacts(
                null,
                null,
                null,
                null,
                true,
                true,
                null,
                WindowReading.unavailable(AT, "no EndpointSlices", null, null),
                decision,
                "next");
    }

    static WatchFacts betweenWindows(ProfilingRun last) {
        return new WatchFacts(null, null, last, null, true, true, null, null, null, "2026-01-01T00:05:00Z");
    }

    static ReconcileFacts facts(long generation, WatchFacts watch) {
        return new ReconcileFacts(
                generation,
                List.of(),
                false,
                List.of(),
                MIGRATED,
                REDIS_OK,
                new RolloutDecision("img:1", false),
                true,
                watch);
    }

    static void assertAllFor(long generation, NodesPlatformStatus s) {
        assertEquals(5, s.conditions.size());
        for (Condition c : s.conditions) {
            assertEquals(generation, c.getObservedGeneration(), c.getType() + " is for generation " + generation);
        }
        assertEquals(generation, s.observedGeneration);
    }

    static final Verdict REGRESSED =
            new Verdict("True", "LatencyRegression", "p95 of nodes:get 30 ms is 50% above the baseline");

    @Test
    void betweenWindowsOfOneGenerationAWindowsVerdictStandsAsItWas() {
        NodesPlatformStatus windowed = StatusComposer.compose(
                null, facts(3, window(decision(REGRESSED, WatchDecision.Skip.Cooldown, "cooldown until 01:00"))), "t1");
        NodesPlatformStatus between = StatusComposer.compose(windowed, facts(3, betweenWindows(null)), "t2");
        assertEquals(condition(windowed, "RegressionDetected"), condition(between, "RegressionDetected"));
        assertEquals(condition(windowed, "Profiling"), condition(between, "Profiling"));
        assertEquals("Cooldown", condition(between, "Profiling").getReason());
        assertEquals(windowed.lastReading.message, between.lastReading.message, "no window: the last reading stays");
        assertAllFor(3, between);
    }

    @Test
    void aSpecChangeBetweenWindowsMakesTheVerdictUnknownForTheNewGenerationUntilTheNextWindow() {
        NodesPlatformStatus windowed =
                StatusComposer.compose(null, facts(3, window(decision(REGRESSED, null, null))), "t1");
        NodesPlatformStatus changed = StatusComposer.compose(windowed, facts(4, betweenWindows(null)), "t2");
        assertAllFor(4, changed);
        Condition regression = condition(changed, "RegressionDetected");
        assertEquals("Unknown", regression.getStatus());
        assertEquals("NotEvaluated", regression.getReason());
        assertEquals(
                "not evaluated for generation 4: the watch window due at 2026-01-01T00:05:00Z evaluates it"
                        + " (was True/LatencyRegression for generation 3: p95 of nodes:get 30 ms is 50% above the baseline)",
                regression.getMessage());
        assertEquals("t2", regression.getLastTransitionTime(), "True to Unknown is a transition");
        assertEquals("t1", condition(changed, "Ready").getLastTransitionTime(), "Ready stayed True: no transition");

        NodesPlatformStatus stillBetween = StatusComposer.compose(changed, facts(4, betweenWindows(null)), "t3");
        assertEquals(
                regression, condition(stillBetween, "RegressionDetected"), "computed for generation 4: kept, no write");

        NodesPlatformStatus next =
                StatusComposer.compose(stillBetween, facts(4, window(decision(REGRESSED, null, null))), "t4");
        assertEquals("True", condition(next, "RegressionDetected").getStatus());
        assertEquals("t4", condition(next, "RegressionDetected").getLastTransitionTime());
        assertAllFor(4, next);
    }

    @Test
    void aWindowsProfilingWordDoesNotOutliveItsGeneration() {
        NodesPlatformStatus windowed = StatusComposer.compose(
                null,
                facts(
                        3,
                        window(decision(
                                REGRESSED, WatchDecision.Skip.Paused, "paused: no Job started for: a regression"))),
                "t1");
        ProfilingRun last = new ProfilingRun();
        last.job = "np-profile-1";
        last.mode = "profile";
        last.finishedAt = "2026-01-01T00:00:00Z";
        last.result = "ok";
        NodesPlatformStatus changed = StatusComposer.compose(windowed, facts(4, betweenWindows(last)), "t2");
        Condition profiling = condition(changed, "Profiling");
        assertEquals("Finished", profiling.getReason(), "recomputed from what is known for generation 4");
        assertEquals(4L, profiling.getObservedGeneration());
        assertEquals("t1", profiling.getLastTransitionTime(), "False stayed False");
    }

    @Test
    void disabledKeepsWhatTheWindowWantedUntilTheNextWindow() {
        WatchFacts disabled = new WatchFacts(
                null,
                null,
                null,
                null,
                true,
                false,
                null,
                WindowReading.unavailable(AT, "x", null, null),
                decision(REGRESSED, WatchDecision.Skip.Disabled, "a regression"),
                "next");
        NodesPlatformStatus windowed = StatusComposer.compose(null, facts(1, disabled), "t1");
        assertTrue(condition(windowed, "Profiling").getMessage().endsWith("; wanted: a regression"));
        WatchFacts between = new WatchFacts(null, null, null, null, true, false, null, null, null, "next");
        assertEquals(
                condition(windowed, "Profiling"),
                condition(StatusComposer.compose(windowed, facts(1, between), "t2"), "Profiling"));
        assertEquals(
                "spec.profiling.enabled is false: breaches are reported, no Job is started",
                condition(StatusComposer.compose(windowed, facts(2, between), "t2"), "Profiling")
                        .getMessage(),
                "a new generation");
    }

    @Test
    void aReasonOrMessageChangeIsNoTransition() {
        NodesPlatformStatus within = StatusComposer.compose(
                null, facts(1, window(decision(new Verdict("False", "BaselineCaptured", "b"), null, null))), "t1");
        NodesPlatformStatus next = StatusComposer.compose(
                within, facts(1, window(decision(new Verdict("False", "WithinThresholds", "w"), null, null))), "t2");
        Condition c = condition(next, "RegressionDetected");
        assertEquals("WithinThresholds", c.getReason());
        assertEquals("t1", c.getLastTransitionTime());
    }

    @Test
    void everyConditionFollowsTheGenerationWhereverTheReconcileStopped() {
        NodesPlatformStatus ready =
                StatusComposer.compose(null, facts(1, window(decision(REGRESSED, null, null))), "t1");
        assertAllFor(1, ready);
        NodesPlatformStatus invalid =
                StatusComposer.compose(ready, ReconcileFacts.invalid(2, List.of("spec.replicas: must be >= 1")), "t2");
        assertAllFor(2, invalid);
        assertTrue(condition(invalid, "Migrated")
                .getMessage()
                .startsWith("not evaluated for generation 2: the spec is invalid"));
        NodesPlatformStatus missing = StatusComposer.compose(
                invalid,
                new ReconcileFacts(3, List.of(), false, List.of("Secret nodes-db"), null, null, null, false),
                "t3");
        assertAllFor(3, missing);
        assertEquals(
                "not evaluated for generation 3: referenced Secrets are missing",
                condition(missing, "Migrated").getMessage(),
                "an earlier NotEvaluated is not repeated as what it was");
        NodesPlatformStatus between = StatusComposer.compose(missing, facts(4, betweenWindows(null)), "t4");
        assertAllFor(4, between);
    }

    @Test
    void aFailedReconcileKeepsWhatItDidNotReachWithTheGenerationItWasComputedFor() {
        NodesPlatformStatus ready =
                StatusComposer.compose(null, facts(1, window(decision(REGRESSED, null, null))), "t1");
        NodesPlatformStatus failed = StatusComposer.failed(ready, 2, "reconcile failed: boom (retrying)", "t2");
        assertEquals(2L, condition(failed, "Ready").getObservedGeneration());
        assertEquals(
                1L,
                condition(failed, "RegressionDetected").getObservedGeneration(),
                "Ready says why it is not re-evaluated");
    }

    @Test
    void withoutADeploymentThereIsNothingToWatchForThisGeneration() {
        WatchFacts none = new WatchFacts(null, null, null, null, false, true, null, null, null, null);
        NodesPlatformStatus s = StatusComposer.compose(null, facts(2, none), "t1");
        assertEquals("NoDeployment", condition(s, "RegressionDetected").getReason());
        assertEquals("Idle", condition(s, "Profiling").getReason());
        assertAllFor(2, s);
    }

    @Test
    void aRunningJobIsProfilingTrue() {
        WatchFacts running = new WatchFacts(
                null,
                null,
                null,
                null,
                true,
                false,
                new WatchFacts.RunningJob("np-profile-2", "profile", "p95 up"),
                null,
                null,
                "next");
        Condition c = condition(StatusComposer.compose(null, facts(1, running), "t1"), "Profiling");
        assertEquals("True", c.getStatus());
        assertEquals("Job np-profile-2 (profile) runs: p95 up", c.getMessage());
    }
}
