package dev.nodes.operator.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretSnapshotTest {
    private final NodesPlatform np = TestPlatforms.platform("ns", "np");

    @Test
    void completeSecretsHaveNoProblems() {
        assertEquals(List.of(), snapshot(TestPlatforms.jwtSecret("ns")).missing());
    }

    @Test
    void aJwtSecretShorterThanTheServiceAcceptsIsAProblemNotACrashLoop() {
        Secret jwt = new SecretBuilder()
                .withNewMetadata()
                .withName("nodes-jwt")
                .withNamespace("ns")
                .endMetadata()
                .withStringData(Map.of("secret", "too-short"))
                .build();
        assertEquals(
                List.of("Secret nodes-jwt key secret holds 9 bytes; at least 32 are needed"),
                snapshot(jwt).missing());
    }

    @Test
    void aMissingSecretOrKeyIsNamed() {
        Secret empty = new SecretBuilder()
                .withNewMetadata()
                .withName("nodes-jwt")
                .withNamespace("ns")
                .endMetadata()
                .build();
        assertEquals(
                List.of("Secret nodes-jwt has no key secret"), snapshot(empty).missing());
        assertEquals(
                List.of("Secret nodes-db not found", "Secret nodes-jwt not found"),
                SecretSnapshot.lookup(SecretReferences.of(np.getSpec()), name -> Optional.empty())
                        .missing());
    }

    private SecretSnapshot snapshot(Secret jwt) {
        Secret db = TestPlatforms.dbSecret("ns", "jdbc:postgresql://db:5432/nodes", "pw");
        Map<String, Secret> secrets =
                Map.of(db.getMetadata().getName(), db, jwt.getMetadata().getName(), jwt);
        return SecretSnapshot.lookup(SecretReferences.of(np.getSpec()), name -> Optional.ofNullable(secrets.get(name)));
    }
}
