package dev.nodes.operator.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class RolloutDecisionTest {
    static Deployment running(String image) {
        return ServiceDeploymentBuilder.build(TestPlatforms.platform("ns", "np"), image, "h");
    }

    @Test
    void aMigratedImageRollsOut() {
        RolloutDecision d = RolloutDecision.decide(true, "img:2", running("img:1"));
        assertEquals("img:2", d.image());
        assertFalse(d.heldBack());
    }

    @Test
    void anUnmigratedImageDoesNotRollTheRunningDeployment() {
        RolloutDecision d = RolloutDecision.decide(false, "img:2", running("img:1"));
        assertEquals("img:1", d.image());
        assertTrue(d.heldBack());
    }

    @Test
    void nothingIsCreatedBeforeTheFirstMigrationSucceeds() {
        assertTrue(RolloutDecision.decide(false, "img:1", null).createsNothing());
    }
}
