package dev.nodes.operator.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import org.junit.jupiter.api.Test;

class DeploymentReadinessTest {
    static Deployment deployment(long generation, long observed, int replicas, int updated, int available) {
        Deployment d = ServiceDeploymentBuilder.build(TestPlatforms.platform("ns", "np"), "img", "h");
        d.getMetadata().setGeneration(generation);
        d.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(observed)
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withAvailableReplicas(available)
                .build());
        return d;
    }

    @Test
    void rolledOutWhenEveryReplicaRunsTheCurrentTemplate() {
        assertTrue(DeploymentReadiness.isRolledOut(deployment(3, 3, 2, 2, 2), 2));
    }

    @Test
    void notRolledOutWhileTheControllerHasNotSeenTheLatestTemplate() {
        assertFalse(DeploymentReadiness.isRolledOut(deployment(4, 3, 2, 2, 2), 2));
    }

    @Test
    void notRolledOutWhileOldPodsRemain() {
        assertFalse(DeploymentReadiness.isRolledOut(deployment(3, 3, 3, 2, 3), 2));
        assertFalse(DeploymentReadiness.isRolledOut(deployment(3, 3, 2, 2, 1), 2));
        assertFalse(DeploymentReadiness.isRolledOut(null, 2));
    }
}
