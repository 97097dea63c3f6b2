package dev.nodes.operator.status;

import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.ProfilingRun;
import dev.nodes.operator.resource.Reading;
import dev.nodes.operator.resource.RolloutRecord;
import dev.nodes.operator.watch.WatchDecision.Verdict;

/**
 * What the regression watch and the profiling step found in one reconcile: the status fields they
 * own and their two conditions.
 *
 * @param regression the RegressionDetected condition; null: keep the previous one (no window evaluated)
 * @param profiling  the Profiling condition; null: keep the previous one
 */
public record WatchFacts(Baseline baseline, Reading lastReading, RolloutRecord rollout, ProfilingRun lastProfiling,
                         String profiledAt, Verdict regression, Verdict profiling) {
}
