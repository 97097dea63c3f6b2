package dev.nodes.operator.dependent;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.deployment.ServiceDeploymentBuilder;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Deployment {@code <name>}, running the image the plan's rollout decision allows. */
@KubernetesDependent(
        createResourceOnlyIfNotExistingWithSSA = false,
        matcher = EmptyStructTolerantMatcher.class,
        informer = @Informer(labelSelector = ChildMetadata.MANAGED_BY_SELECTOR))
public class DeploymentDependent extends AppliedDependent<Deployment> {
    public DeploymentDependent() {
        super(Deployment.class, ChildMetadata::deploymentName);
    }

    @Override
    protected Deployment desired(NodesPlatform np, Context<NodesPlatform> context) {
        ChildPlan plan = ChildPlan.of(context);
        return ServiceDeploymentBuilder.build(np, plan.rollout().image(), plan.configHash());
    }

    /**
     * The spec's image is migrated, or a Deployment runs already (it keeps its image, other changes apply):
     * no Deployment is created before a first migration succeeded.
     */
    public static class Migrated implements Condition<Deployment, NodesPlatform> {
        @Override
        public boolean isMet(
                DependentResource<Deployment, NodesPlatform> dependent,
                NodesPlatform np,
                Context<NodesPlatform> context) {
            return ChildPlan.of(context).deploys();
        }
    }
}
