package dev.nodes.operator.dependent;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.config.ServiceConfigMapBuilder;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ConfigMap {@code <name>-config}. */
@KubernetesDependent(
        createResourceOnlyIfNotExistingWithSSA = false,
        informer = @Informer(labelSelector = ChildMetadata.MANAGED_BY_SELECTOR))
public class ConfigMapDependent extends AppliedDependent<ConfigMap> {
    public ConfigMapDependent() {
        super(ConfigMap.class, ChildMetadata::configMapName);
    }

    @Override
    protected ConfigMap desired(NodesPlatform np, Context<NodesPlatform> context) {
        return ServiceConfigMapBuilder.build(np);
    }
}
