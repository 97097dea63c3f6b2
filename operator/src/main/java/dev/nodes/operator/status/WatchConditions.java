package dev.nodes.operator.status;

import dev.nodes.operator.resource.ProfilingRun;
import dev.nodes.operator.watch.WatchDecision;
import java.util.Set;

/** The {@code RegressionDetected} and {@code Profiling} conditions from what the watch found. */
final class WatchConditions {
    /**
     * The Profiling reasons a window decides (Disabled names what the window wanted): between windows they stand, for
     * the generation they were decided for, so that a reconcile between windows does not rewrite the message.
     */
    private static final Set<String> DECIDED_BY_A_WINDOW = Set.of("Cooldown", "Paused", "Waiting", "Disabled");

    private WatchConditions() {}

    /** @param whyNot why the watch did not run in this reconcile, when {@code watch} is null */
    static void set(ConditionsBuilder b, WatchFacts watch, String whyNot) {
        if (watch == null) {
            b.notEvaluated(ConditionType.REGRESSION_DETECTED, whyNot);
            b.notEvaluated(ConditionType.PROFILING, whyNot);
            return;
        }
        regression(b, watch);
        profiling(b, watch);
    }

    private static void regression(ConditionsBuilder b, WatchFacts watch) {
        if (!watch.deployed()) {
            b.set(ConditionType.REGRESSION_DETECTED, "Unknown", "NoDeployment", "no Deployment yet: nothing to watch");
        } else if (watch.windowEvaluated()) {
            WatchDecision.Verdict v = watch.decision().regression();
            b.set(ConditionType.REGRESSION_DETECTED, v.status(), v.reason(), v.message());
        } else {
            // a verdict is about a window and the spec it was read under: it stands only for that generation
            b.notEvaluated(
                    ConditionType.REGRESSION_DETECTED,
                    "the watch window due at " + watch.nextWindowAt() + " evaluates it");
        }
    }

    private static void profiling(ConditionsBuilder b, WatchFacts watch) {
        WatchDecision decision = watch.decision();
        if (watch.running() != null) {
            WatchFacts.RunningJob j = watch.running();
            b.set(
                    ConditionType.PROFILING,
                    "True",
                    "Running",
                    "Job " + j.name() + " (" + j.mode() + ") runs: " + j.reason());
        } else if (decision == null
                && b.ofThisGeneration(ConditionType.PROFILING)
                        .filter(c -> DECIDED_BY_A_WINDOW.contains(c.getReason()))
                        .isPresent()) {
            // between windows: the last window's word stands
            b.keep(ConditionType.PROFILING);
        } else if (!watch.profilingEnabled()) {
            b.set(
                    ConditionType.PROFILING,
                    "False",
                    "Disabled",
                    "spec.profiling.enabled is false: breaches are reported, no Job is started"
                            + (decision != null && decision.skipped() != null
                                    ? "; wanted: " + decision.skipped()
                                    : ""));
        } else if (decision != null && decision.skip() != null) {
            b.set(ConditionType.PROFILING, "False", decision.skip().name(), decision.skipped());
        } else if (watch.lastProfiling() != null && watch.lastProfiling().finishedAt != null) {
            b.set(ConditionType.PROFILING, "False", "Finished", finished(watch.lastProfiling()));
        } else {
            b.set(ConditionType.PROFILING, "False", "Idle", "no trigger so far");
        }
    }

    private static String finished(ProfilingRun last) {
        return "Job " + last.job + " (" + last.mode + ") finished at " + last.finishedAt + ": result " + last.result
                + (last.captureId == null ? "" : ", capture " + last.captureId)
                + (last.baselineCaptureId == null ? "" : " against baseline capture " + last.baselineCaptureId)
                + (last.summary == null ? "" : ": " + last.summary);
    }
}
