package dev.nodes.operator.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.secret.SecretReferences;
import dev.nodes.operator.secret.SecretSnapshot;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationHashTest {

    static String hash(NodesPlatform np, String dbUrl, String password) {
        Secret db = TestPlatforms.dbSecret("ns", dbUrl, password);
        Secret jwt = TestPlatforms.jwtSecret("ns");
        SecretSnapshot secrets = SecretSnapshot.lookup(
                SecretReferences.of(np.getSpec()),
                name -> Optional.ofNullable(
                        Map.of("nodes-db", db, "nodes-jwt", jwt).get(name)));
        return MigrationHash.of(np, secrets);
    }

    @Test
    void aNewImageNeedsANewMigration() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        String before = hash(np, "jdbc:postgresql://db/nodes", "pw");
        np.getSpec().image = "registry.example/nodes-service:1.2.4";
        assertNotEquals(before, hash(np, "jdbc:postgresql://db/nodes", "pw"));
    }

    @Test
    void anotherDatabaseNeedsAMigrationButARotatedPasswordDoesNot() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        String before = hash(np, "jdbc:postgresql://db/nodes", "pw");
        assertEquals(before, hash(np, "jdbc:postgresql://db/nodes", "rotated"));
        assertNotEquals(before, hash(np, "jdbc:postgresql://other/nodes", "pw"));
    }

    @Test
    void settingsThatDoNotTouchTheSchemaDoNotRerunIt() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        String before = hash(np, "u", "p");
        np.getSpec().cache.ttlSeconds = 900;
        np.getSpec().replicas = 5;
        np.getSpec().migrations.timeoutSeconds = 60;
        assertEquals(before, hash(np, "u", "p"));
    }

    @Test
    void theRetryAnnotationRerunsAFailedMigration() {
        NodesPlatform np = TestPlatforms.platform("ns", "np");
        String before = hash(np, "u", "p");
        np.getMetadata().setAnnotations(Map.of(MigrationHash.RETRY_ANNOTATION, "1"));
        assertNotEquals(before, hash(np, "u", "p"));
    }
}
