package dev.nodes.operator.status;

import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.ProfilingRun;
import dev.nodes.operator.resource.RolloutRecord;
import dev.nodes.operator.watch.WatchDecision;
import dev.nodes.operator.watch.WindowReading;

/**
 * What the regression watch and the profiling step found in one reconcile; {@link StatusComposer} turns it
 * into their status fields and their two conditions.
 *
 * @param baseline         the baseline after this reconcile
 * @param rollout          the rollout followed (null: no Deployment yet)
 * @param lastProfiling    the last profiling Job, with its outcome once it ended
 * @param profiledAt       when the last profile-mode Job started
 * @param deployed         there is a Deployment to watch
 * @param profilingEnabled {@code spec.profiling.enabled}
 * @param running          the profiling Job that has not finished, or null
 * @param reading          the window read in this reconcile; null: no window was due
 * @param decision         what that window means; null with {@code reading}
 * @param nextWindowAt     when the next window is due (null: no Deployment)
 */
public record WatchFacts(
        Baseline baseline,
        RolloutRecord rollout,
        ProfilingRun lastProfiling,
        String profiledAt,
        boolean deployed,
        boolean profilingEnabled,
        RunningJob running,
        WindowReading reading,
        WatchDecision decision,
        String nextWindowAt) {

    /** A profiling Job that has not finished: its name and the mode and reason it was started with. */
    public record RunningJob(String name, String mode, String reason) {}

    boolean windowEvaluated() {
        return decision != null;
    }
}
