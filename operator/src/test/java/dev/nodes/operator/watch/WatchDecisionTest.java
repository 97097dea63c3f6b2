package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.profiling.BaselineCaptures;
import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.ProfilingSpec;
import dev.nodes.operator.resource.RolloutRecord;
import dev.nodes.operator.watch.WatchDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The decision logic at its boundaries: thresholds, cooldown, one Job at a time, baseline, rollouts. */
class WatchDecisionTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String NODES = RouteFamily.NODES;
    static final String NOTIFICATIONS = RouteFamily.NOTIFICATIONS;

    static WatchThresholds thresholds() {
        return WatchThresholds.of(new ProfilingSpec()); // 20 %, 0.85, 0.60, 5m window, 30m cooldown
    }

    static WatchThresholds thresholds(Consumer<ProfilingSpec> edit) {
        ProfilingSpec p = new ProfilingSpec();
        edit.accept(p);
        return WatchThresholds.of(p);
    }

    static WindowReading reading(Double nodesP95, Double hitRatio, Double redisRatio) {
        Map<String, Double> p95 = new HashMap<>();
        if (nodesP95 != null) {
            p95.put(NODES, nodesP95);
        }
        return new WindowReading(
                NOW,
                Duration.ofMinutes(5),
                false,
                null,
                2,
                2,
                p95,
                Map.of(NODES, 500L, NOTIFICATIONS, 0L),
                hitRatio,
                hitRatio == null ? 10 : 400,
                redisRatio,
                redisRatio == null ? null : "x MiB of y MiB",
                List.of());
    }

    static WindowReading healthy() {
        return reading(10.0, 0.95, 0.30);
    }

    static Baseline baseline(String rollout, double nodesP95) {
        Baseline b = new Baseline();
        b.capturedAt = "2026-03-01T11:00:00Z";
        b.rollout = rollout;
        b.p95Millis = Map.of(NODES, nodesP95);
        b.requests = Map.of(NODES, 400L);
        b.captureJob = "np-profile-1"; // its baseline capture is taken (or being taken): thresholds are what these test
        return b;
    }

    static RolloutRecord rollout(String id) {
        RolloutRecord r = new RolloutRecord();
        r.id = id;
        r.image = "img:1";
        r.embedding = "hashing/-/10000ms";
        return r;
    }

    static WatchDecision decide(
            WatchThresholds t,
            WindowReading r,
            boolean stable,
            RolloutRecord rollout,
            Baseline baseline,
            String runningJob,
            Instant lastProfile) {
        return WatchDecision.decide(
                new WatchDecision.Input(t, false, r, stable, rollout, baseline, runningJob, lastProfile, NOW));
    }

    static WatchDecision decide(WindowReading r) {
        return decide(thresholds(), r, true, rollout("r1"), baseline("r1", 10.0), null, null);
    }

    @Test
    void p95Just19point9PercentAboveTheBaselineIsWithin() {
        WatchDecision d = decide(reading(11.99, 0.95, 0.3));
        assertEquals(Action.NONE, d.action());
        assertEquals("False", d.regression().status());
        assertEquals("WithinThresholds", d.regression().reason());
        assertTrue(
                d.regression()
                        .message()
                        .contains("p95 of /v1/nodes 12.0 ms is 19.9% above the baseline 10.0 ms (threshold 20%)"),
                d.regression().message());
    }

    @Test
    void p95Just20point1PercentAboveTheBaselineStartsAProfileRun() {
        WatchDecision d = decide(reading(12.01, 0.95, 0.3));
        assertEquals(Action.START_PROFILE, d.action());
        assertEquals("True", d.regression().status());
        assertEquals("LatencyRegression", d.regression().reason());
        assertEquals(
                "p95 of /v1/nodes 12.0 ms is 20.1% above the baseline 10.0 ms (threshold 20%)",
                d.regression().message());
        assertEquals(d.regression().message(), d.jobReason());
        assertEquals("r1", d.baseline().rollout, "the same rollout keeps its baseline");
        assertEquals(10.0, d.baseline().p95Millis.get(NODES));
    }

    @Test
    void exactlyTheThresholdIsNotAbove() {
        assertEquals(Action.NONE, decide(reading(12.0, 0.95, 0.3)).action());
    }

    @Test
    void aRegressionOnNotificationsCountsToo() {
        Map<String, Double> p95 = Map.of(NODES, 10.0, NOTIFICATIONS, 30.0);
        WindowReading r = new WindowReading(
                NOW,
                Duration.ofMinutes(5),
                false,
                null,
                1,
                1,
                p95,
                Map.of(NODES, 100L, NOTIFICATIONS, 100L),
                0.9,
                100,
                null,
                null,
                List.of());
        Baseline b = baseline("r1", 10.0);
        b.p95Millis = Map.of(NODES, 10.0, NOTIFICATIONS, 20.0);
        WatchDecision d = decide(thresholds(), r, true, rollout("r1"), b, null, null);
        assertEquals(Action.START_PROFILE, d.action());
        assertEquals(
                "p95 of /v1/notifications 30.0 ms is 50% above the baseline 20.0 ms (threshold 20%)",
                d.regression().message());
    }

    @Test
    void hitRatio0point851IsWithinAnd0point849Breaches() {
        WatchDecision ok = decide(reading(10.0, 0.851, 0.3));
        assertEquals(Action.NONE, ok.action());
        assertEquals("False", ok.regression().status());
        WatchDecision low = decide(reading(10.0, 0.849, 0.3));
        assertEquals(Action.START_PROFILE, low.action());
        assertNull(low.skip());
        assertEquals("CacheHitRatioLow", low.regression().reason());
        assertEquals(
                "node-cache hit ratio 0.849 over 400 lookups (minimum 0.85)",
                low.regression().message());
    }

    @Test
    void redisMemoryJustAboveTheMaximumBreachesAndJustBelowDoesNot() {
        assertEquals(Action.NONE, decide(reading(10.0, 0.95, 0.599)).action());
        WatchDecision high = decide(reading(10.0, 0.95, 0.601));
        assertEquals(Action.START_PROFILE, high.action());
        assertEquals("RedisMemoryHigh", high.regression().reason());
        assertTrue(
                high.regression().message().startsWith("Redis memory 0.601 of maxmemory"),
                high.regression().message());
    }

    @Test
    void severalBreachesAreAllNamedAndTheFirstKindIsTheReason() {
        WatchDecision d = decide(reading(20.0, 0.5, 0.9));
        assertEquals(3, d.breaches().size());
        assertEquals("LatencyRegression", d.regression().reason());
        assertEquals(String.join("; ", d.breaches()), d.jobReason());
    }

    @Test
    void cooldownJustInsideSkipsAndJustPastStarts() {
        Duration cooldown = Duration.ofMinutes(30);
        WatchDecision inside = decide(
                thresholds(),
                reading(20.0, 0.95, 0.3),
                true,
                rollout("r1"),
                baseline("r1", 10.0),
                null,
                NOW.minus(cooldown).plusSeconds(1));
        assertEquals(Action.NONE, inside.action());
        assertEquals("True", inside.regression().status(), "the breach is reported even when not profiled");
        assertTrue(inside.skipped().startsWith("cooldown until 2026-03-01T12:00:01Z"), inside.skipped());
        assertEquals(WatchDecision.Skip.Cooldown, inside.skip());
        WatchDecision past = decide(
                thresholds(),
                reading(20.0, 0.95, 0.3),
                true,
                rollout("r1"),
                baseline("r1", 10.0),
                null,
                NOW.minus(cooldown).minusSeconds(1));
        assertEquals(Action.START_PROFILE, past.action());
        WatchDecision exactly = decide(
                thresholds(),
                reading(20.0, 0.95, 0.3),
                true,
                rollout("r1"),
                baseline("r1", 10.0),
                null,
                NOW.minus(cooldown));
        assertEquals(Action.START_PROFILE, exactly.action(), "the cooldown has passed at its end");
    }

    @Test
    void oneJobAtATime() {
        WatchDecision d = decide(
                thresholds(), reading(20.0, 0.5, 0.9), true, rollout("r1"), baseline("r1", 10.0), "np-profile-3", null);
        assertEquals(Action.NONE, d.action());
        assertEquals("True", d.regression().status());
        assertTrue(d.skipped().startsWith("Job np-profile-3 is still running"), d.skipped());
        assertEquals(WatchDecision.Skip.Waiting, d.skip());
        RolloutRecord owed = rollout("r1");
        owed.benchmarkDue = "benchmark after migration Job m";
        WatchDecision bench = decide(thresholds(), healthy(), true, owed, baseline("r1", 10.0), "np-profile-3", null);
        assertEquals(Action.NONE, bench.action());
        assertEquals("benchmark after migration Job m", bench.rollout().benchmarkDue, "still owed");
    }

    @Test
    void noBaselineYetTheStableWindowBecomesTheBaselineAndItsCaptureIsTaken() {
        WatchDecision d = decide(thresholds(), reading(55.0, 0.95, 0.3), true, rollout("r1"), null, null, null);
        assertEquals(Action.START_BASELINE, d.action());
        assertEquals("baseline capture for rollout r1 (what later regressions are compared with)", d.jobReason());
        assertTrue(d.baselineCaptured());
        assertEquals("r1", d.baseline().rollout);
        assertEquals(Map.of(NODES, 55.0), d.baseline().p95Millis);
        assertEquals(500L, d.baseline().requests.get(NODES));
        assertEquals(NOW.toString(), d.baseline().capturedAt);
        assertEquals("False", d.regression().status());
        assertEquals("BaselineCaptured", d.regression().reason());
        assertTrue(
                d.regression().message().startsWith("baseline captured: p95 /v1/nodes 55.0 ms"),
                d.regression().message());
    }

    @Test
    void theBaselineCaptureIsTakenOnceInAQuietWindowWhenNothingElseRunsAndCanBeTurnedOff() {
        Baseline owed = baseline("r1", 10.0);
        owed.captureJob = null;
        assertEquals(
                Action.START_BASELINE,
                decide(thresholds(), healthy(), true, rollout("r1"), owed, null, null)
                        .action(),
                "owed from an earlier window (a Job ran then)");
        assertEquals(
                Action.NONE,
                decide(thresholds(), healthy(), true, rollout("r1"), baseline("r1", 10.0), null, null)
                        .action(),
                "taken once per rollout");
        assertEquals(
                Action.NONE,
                decide(thresholds(), healthy(), true, rollout("r1"), owed, "np-profile-3", null)
                        .action(),
                "one Job at a time");
        assertEquals(
                Action.NONE,
                decide(thresholds(), healthy(), false, rollout("r1"), owed, null, null)
                        .action(),
                "only while stable");
        assertEquals(
                Action.NONE,
                decide(thresholds(p -> p.baselineCapture = false), healthy(), true, rollout("r1"), owed, null, null)
                        .action());
        assertEquals(
                Action.NONE,
                decide(thresholds(p -> p.enabled = false), healthy(), true, rollout("r1"), owed, null, null)
                        .action());
        assertEquals(
                Action.NONE,
                WatchDecision.decide(new WatchDecision.Input(
                                thresholds(), true, healthy(), true, rollout("r1"), owed, null, null, NOW))
                        .action(),
                "paused");
        // a window with a breach profiles instead: that run says it had no baseline capture to compare with
        WatchDecision breach = decide(thresholds(), reading(10.0, 0.5, 0.3), true, rollout("r1"), owed, null, null);
        assertEquals(Action.START_PROFILE, breach.action());
        assertEquals(null, breach.baseline().captureJob);
    }

    @Test
    void aBaselineFilledInLaterKeepsItsCapture() {
        Baseline partial = baseline("r1", 10.0);
        partial.captureId = "cap-1";
        Map<String, Double> p95 = Map.of(NODES, 10.0, NOTIFICATIONS, 4.0);
        WindowReading more = new WindowReading(
                NOW,
                Duration.ofMinutes(5),
                false,
                null,
                2,
                2,
                p95,
                Map.of(NODES, 500L, NOTIFICATIONS, 500L),
                0.95,
                400,
                0.3,
                "x MiB of y MiB",
                List.of());
        WatchDecision d = decide(thresholds(), more, true, rollout("r1"), partial, null, null);
        assertTrue(d.baselineCaptured());
        assertEquals(4.0, d.baseline().p95Millis.get(NOTIFICATIONS));
        assertEquals("np-profile-1", d.baseline().captureJob);
        assertEquals("cap-1", d.baseline().captureId);
    }

    @Test
    void aRegressionTheRolloutBroughtIsComparedWithTheLastGoodCaptureOfAnEarlierRollout() {
        Baseline good = baseline("r1", 10.0);
        good.captureId = "cap-1";
        // the new rollout's first stable window already breaches: it never gets a good capture of its own
        WatchDecision broken = decide(thresholds(), reading(10.0, 0.5, 0.3), true, rollout("r2"), good, null, null);
        assertEquals(Action.START_PROFILE, broken.action());
        assertEquals("r2", broken.baseline().rollout);
        assertNull(broken.baseline().captureId);
        assertEquals("cap-1", BaselineCaptures.toCompareWith(broken.baseline()));
        // carried through rollouts without a capture, and given way to the rollout's own once it has one
        WatchDecision later =
                decide(thresholds(), reading(10.0, 0.5, 0.3), true, rollout("r3"), broken.baseline(), null, null);
        assertEquals("cap-1", BaselineCaptures.toCompareWith(later.baseline()));
        Baseline own = BaselineCaptures.taking(later.baseline(), "np-profile-4");
        own.captureId = "cap-3";
        assertEquals("cap-3", BaselineCaptures.toCompareWith(own));
        assertEquals(
                "cap-3",
                decide(thresholds(), healthy(), true, rollout("r4"), own, null, null)
                        .baseline()
                        .previousCaptureId);
        assertNull(BaselineCaptures.toCompareWith(null), "no baseline at all: the profile run says it has none");
    }

    @Test
    void anUnstableWindowNeitherCapturesNorComparesLatency() {
        WatchDecision noBaseline =
                decide(thresholds(), reading(10.0, 0.95, 0.3), false, rollout("r1"), null, null, null);
        assertFalse(noBaseline.baselineCaptured());
        assertNull(noBaseline.baseline());
        WatchDecision regressedButRolling =
                decide(thresholds(), reading(50.0, 0.95, 0.3), false, rollout("r1"), baseline("r1", 10.0), null, null);
        assertEquals(Action.NONE, regressedButRolling.action());
        assertTrue(
                regressedButRolling.regression().message().contains("not stable"),
                regressedButRolling.regression().message());
        // the cache and Redis do not wait for a rollout
        assertEquals(
                Action.START_PROFILE,
                decide(thresholds(), reading(50.0, 0.5, 0.3), false, rollout("r1"), baseline("r1", 10.0), null, null)
                        .action());
    }

    @Test
    void tooFewRequestsMeanNoP95AndNoCapture() {
        WatchDecision d = decide(thresholds(), reading(null, null, null), true, rollout("r1"), null, null, null);
        assertFalse(d.baselineCaptured());
        assertEquals(Action.NONE, d.action());
        assertTrue(
                d.regression().message().contains("fewer than 50 requests"),
                d.regression().message());
    }

    @Test
    void aFamilyMissingFromTheBaselineIsFilledInLaterForTheSameRollout() {
        Map<String, Double> p95 = Map.of(NODES, 10.0, NOTIFICATIONS, 7.0);
        WindowReading r = new WindowReading(
                NOW,
                Duration.ofMinutes(5),
                false,
                null,
                1,
                1,
                p95,
                Map.of(NODES, 100L, NOTIFICATIONS, 60L),
                0.9,
                100,
                null,
                null,
                List.of());
        WatchDecision d = decide(thresholds(), r, true, rollout("r1"), baseline("r1", 10.0), null, null);
        assertTrue(d.baselineCaptured());
        assertEquals(Map.of(NODES, 10.0, NOTIFICATIONS, 7.0), d.baseline().p95Millis);
        assertEquals("2026-03-01T11:00:00Z", d.baseline().capturedAt);
    }

    @Test
    void metricsUnavailableIsAReasonNotATrigger() {
        WindowReading r =
                WindowReading.unavailable(NOW, "no EndpointSlices np: no pods to scrape", 0.99, "99 MiB of 100 MiB");
        RolloutRecord owed = rollout("r1");
        owed.benchmarkDue = "benchmark after migration Job m";
        WatchDecision d = decide(thresholds(), r, true, owed, baseline("r1", 10.0), null, null);
        assertEquals(Action.NONE, d.action());
        assertEquals("Unknown", d.regression().status());
        assertEquals("MetricsUnavailable", d.regression().reason());
        assertEquals("no EndpointSlices np: no pods to scrape", d.regression().message());
        assertNull(d.skipped());
        assertEquals(10.0, d.baseline().p95Millis.get(NODES));
        assertNotNull(d.rollout().benchmarkDue);
    }

    @Test
    void theFirstScrapeOnlyPrimes() {
        WatchDecision d = decide(WindowReading.priming(NOW, 2, null, null, List.of()));
        assertEquals(Action.NONE, d.action());
        assertEquals("Collecting", d.regression().reason());
    }

    @Test
    void disabledOrPausedReportTheBreachButStartNothing() {
        WatchDecision disabled = decide(
                thresholds(p -> p.enabled = false),
                reading(20.0, 0.95, 0.3),
                true,
                rollout("r1"),
                baseline("r1", 10.0),
                null,
                null);
        assertEquals(Action.NONE, disabled.action());
        assertEquals("True", disabled.regression().status());
        assertTrue(disabled.skipped().startsWith("profiling is disabled"));
        assertEquals(WatchDecision.Skip.Disabled, disabled.skip());
        WatchDecision paused = WatchDecision.decide(new WatchDecision.Input(
                thresholds(),
                true,
                reading(20.0, 0.95, 0.3),
                true,
                rollout("r1"),
                baseline("r1", 10.0),
                null,
                null,
                NOW));
        assertEquals(Action.NONE, paused.action());
        assertTrue(paused.skipped().startsWith("paused"));
        assertEquals(WatchDecision.Skip.Paused, paused.skip());
    }

    @Test
    void benchmarkAfterMigrationRunsOnceTheRolloutIsStable() {
        RolloutRecord owed = rollout("r2");
        owed.benchmarkDue = "benchmark after migration Job np-migrate-abc";
        WatchDecision rolling = decide(thresholds(), healthy(), false, owed, baseline("r1", 10.0), null, null);
        assertEquals(Action.NONE, rolling.action());
        assertEquals(owed.benchmarkDue, rolling.rollout().benchmarkDue);

        WatchDecision stable = decide(thresholds(), healthy(), true, owed, baseline("r1", 10.0), null, null);
        assertEquals(Action.START_BENCHMARK, stable.action());
        assertEquals("benchmark after migration Job np-migrate-abc", stable.jobReason());
        assertNull(stable.rollout().benchmarkDue, "owed no more");
        assertEquals("benchmark after migration Job np-migrate-abc", owed.benchmarkDue, "the input is not modified");
        assertTrue(stable.baselineCaptured(), "the new rollout's first stable window is its baseline");
        assertEquals("r2", stable.baseline().rollout);

        // a benchmark is not a profile run: the cooldown does not hold it back
        WatchDecision inCooldown =
                decide(thresholds(), healthy(), true, owed, baseline("r1", 10.0), null, NOW.minusSeconds(60));
        assertEquals(Action.START_BENCHMARK, inCooldown.action());
    }

    @Test
    void aRolloutThatChangedTheEmbeddingSettingsIsProfiledOnceStableAgainstTheOldBaseline() {
        RolloutRecord before = rollout("r1");
        RolloutRecord after = RolloutTracker.observe(
                before,
                new RolloutTracker.Identity(
                        "img:1", "cfg-2", null, null, RolloutTracker.embedding("openai", "m", 5000)),
                true,
                "t");
        assertEquals(
                "rollout changed the embedding settings from hashing/-/10000ms to openai/m/5000ms", after.profileDue);
        assertNull(after.benchmarkDue, "no migration ran");

        WatchDecision rolling =
                decide(thresholds(), reading(10.5, 0.95, 0.3), false, after, baseline("r1", 10.0), null, null);
        assertEquals(Action.NONE, rolling.action());

        WatchDecision stable =
                decide(thresholds(), reading(10.5, 0.95, 0.3), true, after, baseline("r1", 10.0), null, null);
        assertEquals(Action.START_PROFILE, stable.action());
        assertEquals(
                after.profileDue + " (p95 of /v1/nodes 10.5 ms is 5% above the baseline 10.0 ms (threshold 20%))",
                stable.jobReason());
        assertNull(stable.rollout().profileDue);
        assertTrue(stable.baselineCaptured());
        assertEquals(after.id, stable.baseline().rollout);
        assertEquals(10.5, stable.baseline().p95Millis.get(NODES));

        // inside the cooldown the profile stays owed
        WatchDecision cooling = decide(
                thresholds(), reading(10.5, 0.95, 0.3), true, after, baseline("r1", 10.0), null, NOW.minusSeconds(60));
        assertEquals(Action.NONE, cooling.action());
        assertEquals(after.profileDue, cooling.rollout().profileDue);
        assertTrue(cooling.skipped().startsWith("cooldown until"));
    }

    @Test
    void aMigratedRolloutOwesAProfileAndABenchmarkAndOneProfileRunCoversBoth() {
        RolloutRecord before = rollout("r1");
        before.migrationHash = "h1";
        RolloutRecord after = RolloutTracker.observe(
                before,
                new RolloutTracker.Identity("img:2", "cfg", "h2", "np-migrate-h2", before.embedding),
                true,
                "t");
        assertEquals("rollout of img:2 ran new migrations (Job np-migrate-h2)", after.profileDue);
        assertEquals("benchmark after migration Job np-migrate-h2", after.benchmarkDue);

        WatchDecision d = decide(thresholds(), healthy(), true, after, baseline("r1", 10.0), null, null);
        assertEquals(Action.START_PROFILE, d.action());
        assertTrue(
                d.jobReason().endsWith("benchmark after migration Job np-migrate-h2 (covered by this profile run)"),
                d.jobReason());
        assertNull(d.rollout().profileDue);
        assertNull(d.rollout().benchmarkDue);

        // in the cooldown: the benchmark runs, the profile waits
        WatchDecision cooling =
                decide(thresholds(), healthy(), true, after, baseline("r1", 10.0), null, NOW.minusSeconds(60));
        assertEquals(Action.START_BENCHMARK, cooling.action());
        assertEquals(after.profileDue, cooling.rollout().profileDue);
        assertNull(cooling.rollout().benchmarkDue);

        // without benchmarkAfterMigration only the profile is owed
        RolloutRecord noBench = RolloutTracker.observe(
                before,
                new RolloutTracker.Identity("img:2", "cfg", "h2", "np-migrate-h2", before.embedding),
                false,
                "t");
        assertNull(noBench.benchmarkDue);
        assertNotNull(noBench.profileDue);
    }
}
