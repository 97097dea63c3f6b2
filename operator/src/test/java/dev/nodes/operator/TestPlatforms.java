package dev.nodes.operator;

import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;

/** NodesPlatforms and Secrets as a user would write them. */
public final class TestPlatforms {
    public static final String IMAGE = "registry.example/nodes-service:1.2.3";

    private TestPlatforms() {}

    public static NodesPlatform platform(String namespace, String name) {
        NodesPlatform np = new NodesPlatform();
        np.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withUid("uid-" + name)
                .withGeneration(1L)
                .build());
        NodesPlatformSpec spec = new NodesPlatformSpec();
        spec.image = IMAGE;
        spec.database.secretRef = "nodes-db";
        spec.auth.jwtSecretRef = "nodes-jwt";
        spec.redis.host = "127.0.0.1";
        spec.redis.port = 6379;
        np.setSpec(spec);
        return np;
    }

    public static Secret dbSecret(String namespace, String url, String password) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("nodes-db")
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("url", url, "username", "nodes", "password", password))
                .build();
    }

    public static Secret jwtSecret(String namespace) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("nodes-jwt")
                .withNamespace(namespace)
                .endMetadata()
                .withStringData(Map.of("secret", "a-test-signing-secret-of-at-least-32-bytes"))
                .build();
    }
}
