package dev.nodes.operator.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Which image the Deployment may run: a new image only once its migration has succeeded. */
public record RolloutDecision(String image, boolean heldBack) {

    /** No Deployment yet and nothing migrated: do not create one. */
    public boolean createsNothing() {
        return image == null;
    }

    public static RolloutDecision decide(boolean imageApproved, String specImage, Deployment existing) {
        if (imageApproved) {
            return new RolloutDecision(specImage, false);
        }
        String running = ServiceDeploymentBuilder.currentImage(existing);
        // Keep serving the image that already runs (other settings still apply to it).
        return new RolloutDecision(running, running != null && !running.equals(specImage));
    }
}
