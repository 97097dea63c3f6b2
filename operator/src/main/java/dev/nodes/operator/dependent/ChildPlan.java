package dev.nodes.operator.dependent;

import dev.nodes.operator.deployment.RolloutDecision;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.resource.NodesPlatform;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the reconciler decided for this reconcile, before it runs the workflow: the dependents' desired
 * objects and preconditions read it from the context, so the decisions stay in the pure decision classes
 * and are made once.
 *
 * @param migration     null: no migration is looked at (a referenced Secret is missing)
 * @param migrationHash the hash that names this image's migration Job
 * @param rollout       null: the Deployment is not touched
 * @param configHash    ConfigMap data and referenced Secrets: the pod template's annotation
 */
public record ChildPlan(MigrationDecision migration, String migrationHash, RolloutDecision rollout, String configHash) {
    private static final Object KEY = ChildPlan.class;

    /** ConfigMap and Service only: without the referenced Secrets there is nothing to migrate or deploy. */
    public static ChildPlan configOnly() {
        return new ChildPlan(null, null, null, null);
    }

    public boolean startsMigration() {
        return migration != null && migration.action() == MigrationDecision.Action.CREATE_JOB;
    }

    public boolean deploys() {
        return rollout != null && !rollout.createsNothing();
    }

    public void storeIn(Context<NodesPlatform> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    static ChildPlan of(Context<NodesPlatform> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ChildPlan.class);
    }
}
