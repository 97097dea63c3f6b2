package dev.nodes.operator.deployment;

import dev.nodes.contracts.ServiceSettings;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.child.PodHardening;
import dev.nodes.operator.config.ServiceConfigMapBuilder;
import dev.nodes.operator.config.ServiceEnvironment;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;

/** Deployment {@code <name>} running the service image. */
public final class ServiceDeploymentBuilder {
    public static final String CONTAINER = "service";

    private ServiceDeploymentBuilder() {}

    /**
     * @param image      the image to run: the spec's once migrated, otherwise the one already running
     * @param configHash hash of the ConfigMap data and the referenced Secrets; a change rolls the pods
     */
    public static Deployment build(NodesPlatform np, String image, String configHash) {
        return new DeploymentBuilder()
                .withMetadata(ChildMetadata.metadata(np, ChildMetadata.deploymentName(np), "service"))
                .withNewSpec()
                .withReplicas(np.getSpec().replicas)
                .withNewSelector()
                .withMatchLabels(ChildMetadata.selectorLabels(np))
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(ChildMetadata.labels(np, "service"))
                .withAnnotations(Map.of(ChildMetadata.CONFIG_HASH, configHash))
                .endMetadata()
                .withNewSpec()
                .withSecurityContext(PodHardening.podSecurityContext())
                .withAutomountServiceAccountToken(false)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(image)
                .withArgs(ServiceSettings.COMMAND_SERVE)
                .addNewPort()
                .withName("http")
                .withContainerPort(ServiceConfigMapBuilder.HTTP_PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnvFrom(ServiceEnvironment.fromConfigMap(ChildMetadata.configMapName(np)))
                .withEnv(ServiceEnvironment.service(np))
                .withReadinessProbe(httpProbe("/health/ready", 5, 3))
                .withLivenessProbe(httpProbe("/health/live", 30, 3))
                .withSecurityContext(PodHardening.containerSecurityContext())
                .withVolumeMounts(PodHardening.tmpMount())
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("384Mi"))
                .addToLimits("memory", new Quantity("768Mi"))
                .endResources()
                .endContainer()
                .withVolumes(PodHardening.tmpVolume())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Probe httpProbe(String path, int initialDelaySeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(10)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /** The image the Deployment's service container runs now, if it exists. */
    public static String currentImage(Deployment deployment) {
        if (deployment == null
                || deployment.getSpec() == null
                || deployment.getSpec().getTemplate() == null) {
            return null;
        }
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> CONTAINER.equals(c.getName()))
                .map(c -> c.getImage())
                .findFirst()
                .orElse(null);
    }
}
