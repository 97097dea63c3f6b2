package dev.nodes.operator.watch;

import dev.nodes.operator.profiling.BaselineCaptures;
import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.RolloutRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one evaluated window means: the breaches, the baseline, and whether to start a Job. A pure
 * function of its inputs, so every boundary is unit-tested.
 *
 * @param baseline          the baseline after this window (the previous one, or a new capture)
 * @param baselineCaptured  whether this window captured (or completed) the baseline
 * @param regression        the RegressionDetected condition
 * @param breaches          one message per threshold breached
 * @param action            the Job to start, if any
 * @param jobReason         why (for the Job's --reason, the Event and status)
 * @param skipped           why a trigger did not start a Job (cooldown, one running, disabled, paused), or null
 * @param skip              the kind of {@code skipped}, or null
 * @param rollout           the rollout record after this window (checks owed cleared once a Job covers them)
 */
public record WatchDecision(
        Baseline baseline,
        boolean baselineCaptured,
        Verdict regression,
        List<String> breaches,
        Action action,
        String jobReason,
        String skipped,
        Skip skip,
        RolloutRecord rollout) {

    public enum Action {
        NONE,
        START_PROFILE,
        START_BENCHMARK,
        START_BASELINE
    }

    /** Why a trigger started no Job; the names are the Profiling condition's reasons. */
    public enum Skip {
        Cooldown,
        Waiting,
        Disabled,
        Paused
    }

    /** A condition's status, reason and message. */
    public record Verdict(String status, String reason, String message) {}

    /**
     * @param stable           the Deployment was rolled out and available at both ends of the window, same rollout
     * @param rollout          the rollout being followed, with the checks it is owed (null: no Deployment)
     * @param baseline         status.baseline so far (null: none yet)
     * @param runningJob       a profiling Job of this NodesPlatform that has not finished, or null
     * @param lastProfileStart when the last profile-mode Job started (status.profiledAt), or null
     */
    public record Input(
            WatchThresholds thresholds,
            boolean paused,
            WindowReading reading,
            boolean stable,
            RolloutRecord rollout,
            Baseline baseline,
            String runningJob,
            Instant lastProfileStart,
            Instant now) {}

    public static WatchDecision decide(Input in) {
        WindowReading r = in.reading();
        WatchThresholds t = in.thresholds();
        if (r.isUnavailable()) {
            return nothing(in, new Verdict("Unknown", "MetricsUnavailable", r.unavailable()));
        }
        if (r.priming()) {
            return nothing(
                    in,
                    new Verdict(
                            "Unknown",
                            "Collecting",
                            "first scrape of " + r.podsRead() + " pod(s) taken; the first reading comes one window ("
                                    + t.window().toSeconds() + "s) later"));
        }

        List<String> breaches = new ArrayList<>();
        List<String> within = new ArrayList<>();
        Baseline reference = in.baseline();
        boolean comparable = in.stable() && reference != null && reference.p95Millis != null;
        if (comparable) {
            for (String family : RouteFamily.ALL) {
                Double now = r.p95Millis().get(family);
                Double base = reference.p95Millis.get(family);
                if (now == null || base == null || base <= 0) {
                    continue;
                }
                double pct = (now - base) / base * 100.0;
                String text = "p95 of " + family + " " + Format.millis(now) + " is " + Format.percent(Math.abs(pct))
                        + (pct >= 0 ? " above" : " below") + " the baseline " + Format.millis(base)
                        + " (threshold " + t.latencyRegressionPercent() + "%)";
                if (pct > t.latencyRegressionPercent()) {
                    breaches.add(text);
                } else {
                    within.add(text);
                }
            }
        }
        String firstKind = breaches.isEmpty() ? null : "LatencyRegression";
        if (r.cacheHitRatio() != null) {
            String text = "node-cache hit ratio " + Format.ratio(r.cacheHitRatio()) + " over " + r.cacheLookups()
                    + " lookups (minimum " + t.cacheHitRatioMin() + ")";
            if (r.cacheHitRatio() < t.cacheHitRatioMin()) {
                breaches.add(text);
                firstKind = firstKind == null ? "CacheHitRatioLow" : firstKind;
            } else {
                within.add(text);
            }
        }
        if (r.redisMemoryRatio() != null) {
            String text = "Redis memory " + Format.ratio(r.redisMemoryRatio()) + " of maxmemory"
                    + (r.redisNote() == null ? "" : " (" + r.redisNote() + ")") + " (maximum " + t.redisMemoryMaxRatio()
                    + ")";
            if (r.redisMemoryRatio() > t.redisMemoryMaxRatio()) {
                breaches.add(text);
                firstKind = firstKind == null ? "RedisMemoryHigh" : firstKind;
            } else {
                within.add(text);
            }
        }

        // the baseline: the first stable window of a rollout; families that lacked requests then are filled in later
        Baseline baseline = in.baseline();
        boolean captured = false;
        RolloutRecord rollout = in.rollout();
        if (in.stable() && rollout != null && !r.p95Millis().isEmpty()) {
            if (baseline == null || !rollout.id.equals(baseline.rollout)) {
                baseline = capture(r, rollout.id, Map.of(), Map.of());
                baseline.previousCaptureId = BaselineCaptures.toCompareWith(in.baseline());
                captured = true;
            } else if (baseline.p95Millis == null
                    || !baseline.p95Millis.keySet().containsAll(r.p95Millis().keySet())) {
                baseline = capture(r, rollout.id, baseline.p95Millis, baseline.requests);
                baseline.capturedAt = in.baseline().capturedAt;
                baseline.captureJob = in.baseline().captureJob;
                baseline.captureId = in.baseline().captureId;
                baseline.previousCaptureId = in.baseline().previousCaptureId;
                captured = true;
            }
        }

        Verdict regression;
        if (!breaches.isEmpty()) {
            regression = new Verdict("True", firstKind, String.join("; ", breaches));
        } else {
            List<String> notes = new ArrayList<>(within);
            if (!in.stable()) {
                notes.add("latency not compared: the rollout is not stable over the window");
            } else if (r.p95Millis().isEmpty()) {
                notes.add("latency not compared: fewer than " + WatchThresholds.MIN_REQUESTS
                        + " requests per route family " + r.requests());
            } else if (reference == null) {
                notes.add("no baseline before this window");
            }
            String reason = captured ? "BaselineCaptured" : "WithinThresholds";
            String message = (captured ? "baseline captured: p95 " + describe(baseline.p95Millis) + "; " : "")
                    + String.join("; ", notes);
            regression = new Verdict("False", reason, message.isEmpty() ? "nothing to compare yet" : message);
        }

        // triggers: breaches any time; what a rollout is owed once it is stable
        List<String> profileReasons = new ArrayList<>(breaches);
        String benchmarkReason = null;
        if (in.stable() && rollout != null) {
            if (rollout.profileDue != null) {
                profileReasons.add(rollout.profileDue + comparedWith(within, breaches));
            }
            benchmarkReason = rollout.benchmarkDue;
        }
        if (profileReasons.isEmpty() && benchmarkReason == null) {
            // the rollout's known good profile: taken once, in a window without breaches, when nothing else runs
            boolean owed = t.baselineCapture()
                    && in.stable()
                    && rollout != null
                    && baseline != null
                    && rollout.id.equals(baseline.rollout)
                    && baseline.captureJob == null
                    && breaches.isEmpty();
            if (owed && t.enabled() && !in.paused() && in.runningJob() == null) {
                return new WatchDecision(
                        baseline,
                        captured,
                        regression,
                        breaches,
                        Action.START_BASELINE,
                        "baseline capture for rollout " + rollout.id + " (what later regressions are compared with)",
                        null,
                        null,
                        rollout);
            }
            return new WatchDecision(baseline, captured, regression, breaches, Action.NONE, null, null, null, rollout);
        }
        String wanted = String.join("; ", profileReasons.isEmpty() ? List.of(benchmarkReason) : profileReasons);
        if (!t.enabled()) {
            return new WatchDecision(
                    baseline,
                    captured,
                    regression,
                    breaches,
                    Action.NONE,
                    null,
                    "profiling is disabled (spec.profiling.enabled=false): " + wanted,
                    Skip.Disabled,
                    rollout);
        }
        if (in.paused()) {
            return new WatchDecision(
                    baseline,
                    captured,
                    regression,
                    breaches,
                    Action.NONE,
                    null,
                    "paused: no Job started for: " + wanted,
                    Skip.Paused,
                    rollout);
        }
        if (in.runningJob() != null) {
            return new WatchDecision(
                    baseline,
                    captured,
                    regression,
                    breaches,
                    Action.NONE,
                    null,
                    "Job " + in.runningJob() + " is still running; not started for: " + wanted,
                    Skip.Waiting,
                    rollout);
        }
        Instant cooldownEnd =
                in.lastProfileStart() == null ? null : in.lastProfileStart().plus(t.cooldown());
        boolean cooledDown = cooldownEnd == null || !in.now().isBefore(cooldownEnd);
        if (!profileReasons.isEmpty() && cooledDown) {
            List<String> all = new ArrayList<>(profileReasons);
            if (benchmarkReason != null) {
                all.add(benchmarkReason + " (covered by this profile run)");
            }
            return new WatchDecision(
                    baseline,
                    captured,
                    regression,
                    breaches,
                    Action.START_PROFILE,
                    String.join("; ", all),
                    null,
                    null,
                    cleared(rollout, true, true));
        }
        String cooldown = profileReasons.isEmpty()
                ? null
                : "cooldown until " + cooldownEnd + " (last profile run started " + in.lastProfileStart()
                        + "): not profiled: " + String.join("; ", profileReasons);
        if (benchmarkReason != null) {
            return new WatchDecision(
                    baseline,
                    captured,
                    regression,
                    breaches,
                    Action.START_BENCHMARK,
                    benchmarkReason,
                    cooldown,
                    cooldown == null ? null : Skip.Cooldown,
                    cleared(rollout, false, true));
        }
        return new WatchDecision(
                baseline, captured, regression, breaches, Action.NONE, null, cooldown, Skip.Cooldown, rollout);
    }

    private static WatchDecision nothing(Input in, Verdict regression) {
        return new WatchDecision(
                in.baseline(), false, regression, List.of(), Action.NONE, null, null, null, in.rollout());
    }

    /** The latency comparison with the old baseline, for a rollout's profile reason (breaches are listed already). */
    private static String comparedWith(List<String> within, List<String> breaches) {
        List<String> latency = within.stream().filter(s -> s.startsWith("p95 ")).toList();
        return latency.isEmpty() ? "" : " (" + String.join("; ", latency) + ")";
    }

    private static Baseline capture(
            WindowReading r, String rolloutId, Map<String, Double> keepP95, Map<String, Long> keepRequests) {
        Baseline b = new Baseline();
        b.capturedAt = r.at().toString();
        b.rollout = rolloutId;
        Map<String, Double> p95 = new LinkedHashMap<>();
        Map<String, Long> requests = new LinkedHashMap<>();
        for (String family : RouteFamily.ALL) {
            if (keepP95 != null && keepP95.containsKey(family)) {
                p95.put(family, keepP95.get(family));
                requests.put(family, keepRequests == null ? null : keepRequests.get(family));
            } else if (r.p95Millis().containsKey(family)) {
                p95.put(family, Format.round3(r.p95Millis().get(family)));
                requests.put(family, r.requests().get(family));
            }
        }
        b.p95Millis = p95;
        b.requests = requests;
        return b;
    }

    private static String describe(Map<String, Double> p95) {
        List<String> parts = new ArrayList<>();
        p95.forEach((family, ms) -> parts.add(family + " " + Format.millis(ms)));
        return String.join(", ", parts);
    }

    private static RolloutRecord cleared(RolloutRecord r, boolean profile, boolean benchmark) {
        if (r == null) {
            return null;
        }
        RolloutRecord c = RolloutTracker.copy(r);
        if (profile) {
            c.profileDue = null;
        }
        if (benchmark) {
            c.benchmarkDue = null;
        }
        return c;
    }
}
