package dev.nodes.operator.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDeploymentBuilderTest {

    @Test
    void thePodTemplateCarriesTheConfigHash() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        Deployment d = ServiceDeploymentBuilder.build(np, TestPlatforms.IMAGE, "cafe123456");
        assertEquals(
                "cafe123456",
                d.getSpec().getTemplate().getMetadata().getAnnotations().get(ChildMetadata.CONFIG_HASH));
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals(ChildMetadata.selectorLabels(np), d.getSpec().getSelector().getMatchLabels());
        assertEquals("uid-np", d.getMetadata().getOwnerReferences().getFirst().getUid());
        assertTrue(d.getMetadata().getOwnerReferences().getFirst().getController());
    }

    @Test
    void theSameSpecBuildsTheSameObjectAndADifferentConfigHashAnother() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        // what is applied must not differ between two reconciles of the same spec, or every one would write
        Deployment first = ServiceDeploymentBuilder.build(np, TestPlatforms.IMAGE, "a");
        assertEquals(first, ServiceDeploymentBuilder.build(np, TestPlatforms.IMAGE, "a"));
        assertNotEquals(first, ServiceDeploymentBuilder.build(np, TestPlatforms.IMAGE, "b"));
    }

    @Test
    void runsAsNonRootWithAReadOnlyRootAndSecretsOnlyByReference() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        Deployment d = ServiceDeploymentBuilder.build(np, TestPlatforms.IMAGE, "h");
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertTrue(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("serve"), c.getArgs());
        assertEquals("np-config", c.getEnvFrom().getFirst().getConfigMapRef().getName());
        for (EnvVar var : c.getEnv()) {
            assertNull(var.getValue(), var.getName() + " must come from a Secret");
        }
        assertEquals(
                List.of("APP_DB_URL", "APP_DB_USER", "APP_DB_PASSWORD", "APP_JWT_SECRET"),
                c.getEnv().stream().map(EnvVar::getName).toList());
    }

    @Test
    void redisFromASecretIsAssembledFromSecretReferences() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        np.getSpec().redis.host = null;
        np.getSpec().redis.secretRef = "nodes-redis";
        Container c = ServiceDeploymentBuilder.build(np, TestPlatforms.IMAGE, "h")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
        EnvVar url = c.getEnv().getLast();
        assertEquals("APP_REDIS_URL", url.getName());
        assertEquals("redis://:$(NODES_REDIS_PASSWORD)@$(NODES_REDIS_HOST):$(NODES_REDIS_PORT)", url.getValue());
    }

    @Test
    void theServiceSelectsThePods() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        Service s = ClusterServiceBuilder.build(np);
        assertEquals(ChildMetadata.selectorLabels(np), s.getSpec().getSelector());
        assertEquals(80, s.getSpec().getPorts().getFirst().getPort());
    }
}
