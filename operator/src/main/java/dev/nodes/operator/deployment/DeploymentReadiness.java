package dev.nodes.operator.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/** Whether a Deployment has rolled out its current template to all replicas. */
public final class DeploymentReadiness {
    private DeploymentReadiness() {}

    public static boolean isRolledOut(Deployment deployment, int replicas) {
        if (deployment == null) {
            return false;
        }
        DeploymentStatus status = deployment.getStatus();
        if (replicas == 0) {
            return true;
        }
        if (status == null || status.getObservedGeneration() == null) {
            return false;
        }
        Long generation = deployment.getMetadata().getGeneration();
        return (generation == null || status.getObservedGeneration() >= generation)
                && count(status.getUpdatedReplicas()) >= replicas
                && count(status.getAvailableReplicas()) >= replicas
                && count(status.getReplicas()) == count(status.getUpdatedReplicas());
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
