package dev.nodes.operator.dependent;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.migration.MigrationJobBuilder;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.BooleanWithUndefined;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Job {@code <name>-migrate-<hash>}: created once per hash, never changed (what ran is what the Job says;
 * its pod template is immutable anyway), so a plain create, no apply. Its informer also holds the profiling
 * Jobs (same labels, same owner), which the regression step reads and creates.
 */
@KubernetesDependent(
        useSSA = BooleanWithUndefined.FALSE,
        informer = @Informer(labelSelector = ChildMetadata.MANAGED_BY_SELECTOR))
public class MigrationJobDependent extends OwnedDependent<Job> implements Creator<Job, NodesPlatform> {
    /** The dependent's name in the workflow, and its informer's. */
    public static final String NAME = "migration";

    public MigrationJobDependent() {
        super(
                Job.class,
                (np, context) ->
                        ChildMetadata.migrationJobName(np, ChildPlan.of(context).migrationHash()));
    }

    @Override
    protected Job desired(NodesPlatform np, Context<NodesPlatform> context) {
        return MigrationJobBuilder.build(np, ChildPlan.of(context).migrationHash());
    }

    /**
     * No Job for this hash and no outcome recorded: start one. Not after its outcome is in status, or a
     * finished Job that its TTL removed would run again.
     */
    public static class Due implements Condition<Job, NodesPlatform> {
        @Override
        public boolean isMet(
                DependentResource<Job, NodesPlatform> dependent, NodesPlatform np, Context<NodesPlatform> context) {
            return ChildPlan.of(context).startsMigration();
        }
    }
}
