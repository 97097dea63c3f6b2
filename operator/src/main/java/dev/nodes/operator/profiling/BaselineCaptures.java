package dev.nodes.operator.profiling;

import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.ProfilingRun;
import java.util.LinkedHashMap;

/** How the rollout's baseline learns of its capture: the Job that takes it, then the capture it took. */
public final class BaselineCaptures {
    private BaselineCaptures() {}

    /** The baseline with {@code job} as the one taking its capture. */
    public static Baseline taking(Baseline baseline, String job) {
        Baseline b = copy(baseline);
        b.captureJob = job;
        return b;
    }

    /**
     * The baseline with the capture of its finished baseline Job; unchanged when {@code run} is not that Job, has not
     * finished, or ended without a capture (the profile runs of the rollout then say there is none).
     */
    public static Baseline withFinished(Baseline baseline, ProfilingRun run) {
        if (baseline == null
                || run == null
                || baseline.captureId != null
                || baseline.captureJob == null
                || !baseline.captureJob.equals(run.job)
                || !ProfilingJobBuilder.MODE_BASELINE.equals(run.mode)
                || run.finishedAt == null
                || run.captureId == null
                || !"ok".equals(run.result)) {
            return baseline;
        }
        Baseline b = copy(baseline);
        b.captureId = run.captureId;
        return b;
    }

    /**
     * The capture a profile run compares with: the rollout's own, else the newest of an earlier rollout (a regression
     * the rollout brought), else none.
     */
    public static String toCompareWith(Baseline baseline) {
        if (baseline == null) {
            return null;
        }
        return baseline.captureId != null ? baseline.captureId : baseline.previousCaptureId;
    }

    static Baseline copy(Baseline baseline) {
        Baseline b = new Baseline();
        b.capturedAt = baseline.capturedAt;
        b.rollout = baseline.rollout;
        b.p95Millis = baseline.p95Millis == null ? null : new LinkedHashMap<>(baseline.p95Millis);
        b.requests = baseline.requests == null ? null : new LinkedHashMap<>(baseline.requests);
        b.captureJob = baseline.captureJob;
        b.captureId = baseline.captureId;
        b.previousCaptureId = baseline.previousCaptureId;
        return b;
    }
}
