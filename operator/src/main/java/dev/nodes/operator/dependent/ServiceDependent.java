package dev.nodes.operator.dependent;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.deployment.ClusterServiceBuilder;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Service {@code <name>}. */
@KubernetesDependent(
        createResourceOnlyIfNotExistingWithSSA = false,
        informer = @Informer(labelSelector = ChildMetadata.MANAGED_BY_SELECTOR))
public class ServiceDependent extends AppliedDependent<Service> {
    public ServiceDependent() {
        super(Service.class, ChildMetadata::serviceName);
    }

    @Override
    protected Service desired(NodesPlatform np, Context<NodesPlatform> context) {
        return ClusterServiceBuilder.build(np);
    }
}
