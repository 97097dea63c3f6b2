package dev.nodes.operator.deployment;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** Service {@code <name>}: port 80 to the pods' http port. */
public final class ClusterServiceBuilder {
    private ClusterServiceBuilder() {
    }

    public static Service build(NodesPlatform np) {
        return new ServiceBuilder()
                .withMetadata(ChildMetadata.metadata(np, ChildMetadata.serviceName(np), "service"))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ChildMetadata.selectorLabels(np))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
