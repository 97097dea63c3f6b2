package dev.nodes.operator.reconcile;

import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

/**
 * Writes status through the framework's cached update: the written resource goes into the primary cache at
 * once, so the next reconcile composes from it even before the watch has brought it (otherwise a quick second
 * reconcile could roll back a window's baseline, reading or cooldown start). The write is optimistic: a spec
 * change that arrived meanwhile makes the framework read the resource again and retry.
 */
final class CachedStatus {
    private CachedStatus() {}

    static void write(NodesPlatform np, NodesPlatformStatus status, Context<NodesPlatform> context) {
        if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            // only status, so that the operator's field manager owns nothing else of the resource
            NodesPlatform patch = new NodesPlatform();
            patch.setMetadata(new ObjectMetaBuilder()
                    .withName(np.getMetadata().getName())
                    .withNamespace(np.getMetadata().getNamespace())
                    .build());
            patch.setStatus(status);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(np, patch, context);
        } else {
            PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(np, context, r -> {
                r.setStatus(status);
                return r;
            });
        }
    }
}
