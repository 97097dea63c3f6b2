package dev.nodes.operator.migration;

import dev.nodes.operator.resource.MigrationState;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

/** A Job's state as the job controller reports it. */
public record JobOutcome(MigrationState state, String message, String finishedAt) {

    public static JobOutcome of(Job job) {
        JobStatus status = job.getStatus();
        if (status == null) {
            return new JobOutcome(MigrationState.Running, null, null);
        }
        if (status.getConditions() != null) {
            for (JobCondition c : status.getConditions()) {
                if (!"True".equals(c.getStatus())) {
                    continue;
                }
                if ("Failed".equals(c.getType())) {
                    String why = c.getReason() == null ? "Failed" : c.getReason();
                    String message = c.getMessage() == null ? why : why + ": " + c.getMessage();
                    return new JobOutcome(MigrationState.Failed, message, c.getLastTransitionTime());
                }
                if ("Complete".equals(c.getType())) {
                    String at =
                            status.getCompletionTime() != null ? status.getCompletionTime() : c.getLastTransitionTime();
                    return new JobOutcome(MigrationState.Succeeded, null, at);
                }
            }
        }
        if (status.getSucceeded() != null && status.getSucceeded() > 0) {
            return new JobOutcome(MigrationState.Succeeded, null, status.getCompletionTime());
        }
        return new JobOutcome(MigrationState.Running, null, null);
    }
}
