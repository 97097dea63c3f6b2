package dev.nodes.operator.migration;

import dev.nodes.operator.resource.MigrationState;
import dev.nodes.operator.resource.MigrationStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Whether to start a migration Job, wait for one, or let the rollout proceed.
 *
 * @param action          what the reconciler does
 * @param imageApproved   whether the Deployment may run the spec's image
 * @param status          what status.migration reports (null: migrations disabled and never run)
 */
public record MigrationDecision(Action action, boolean imageApproved, MigrationStatus status) {

    public enum Action {
        /** migrations.enabled is false: nothing to run, the image is approved. */
        DISABLED,
        /** no Job for this hash yet and no recorded outcome: create it. */
        CREATE_JOB,
        /** the Job for this hash runs. */
        WAIT,
        SUCCEEDED,
        /** failed for this hash: blocks the rollout until the hash changes (image, database, retry annotation). */
        FAILED
    }

    /**
     * @param job      the Job named for this hash, if it exists (finished Jobs disappear after their TTL)
     * @param previous status.migration from the last reconcile, which outlives the Job
     */
    public static MigrationDecision decide(
            boolean enabled, String hash, String jobName, String image, Job job, MigrationStatus previous) {
        if (!enabled) {
            return new MigrationDecision(Action.DISABLED, true, previous);
        }
        if (job != null) {
            JobOutcome outcome = JobOutcome.of(job);
            MigrationStatus status =
                    status(jobName, image, hash, outcome.state(), outcome.finishedAt(), outcome.message());
            return switch (outcome.state()) {
                case Running -> new MigrationDecision(Action.WAIT, false, status);
                case Succeeded -> new MigrationDecision(Action.SUCCEEDED, true, status);
                case Failed -> new MigrationDecision(Action.FAILED, false, status);
            };
        }
        if (previous != null && hash.equals(previous.hash)) {
            if (previous.state == MigrationState.Succeeded) {
                return new MigrationDecision(Action.SUCCEEDED, true, previous);
            }
            if (previous.state == MigrationState.Failed) {
                return new MigrationDecision(Action.FAILED, false, previous);
            }
        }
        return new MigrationDecision(
                Action.CREATE_JOB, false, status(jobName, image, hash, MigrationState.Running, null, null));
    }

    private static MigrationStatus status(
            String job, String image, String hash, MigrationState state, String finishedAt, String message) {
        MigrationStatus s = new MigrationStatus();
        s.job = job;
        s.image = image;
        s.hash = hash;
        s.state = state;
        s.finishedAt = finishedAt;
        s.message = message;
        return s;
    }
}
