package dev.nodes.operator.deployment;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** Service {@code <name>}: port 80 to the pods' http port. */
public final class ClusterServiceBuilder {
    /** The Service's port (to the pods' http port). */
    public static final int PORT = 80;

    private ClusterServiceBuilder() {}

    public static Service build(NodesPlatform np) {
        return new ServiceBuilder()
                .withMetadata(ChildMetadata.metadata(np, ChildMetadata.serviceName(np), "service"))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ChildMetadata.selectorLabels(np))
                .addNewPort()
                .withName("http")
                .withPort(PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
