package dev.nodes.operator.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class MigrationJobBuilderTest {

    @Test
    void runsTheServiceImagesMigrateCommandOnceWithADeadline() {
        NodesPlatform np = TestPlatforms.platform("ns", "prod");
        np.getSpec().migrations.timeoutSeconds = 120;
        Job job = MigrationJobBuilder.build(np, "0123456789");

        assertEquals("prod-migrate-0123456789", job.getMetadata().getName());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(120L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(
                MigrationJobBuilder.TTL_AFTER_FINISHED_SECONDS, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        Container c = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertEquals(TestPlatforms.IMAGE, c.getImage());
        assertEquals(List.of("migrate"), c.getArgs());
        assertEquals(
                "uid-prod", job.getMetadata().getOwnerReferences().getFirst().getUid());
        assertTrue(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    }

    @Test
    void databaseCredentialsComeFromTheSecretNeverInline() {
        Job job = MigrationJobBuilder.build(TestPlatforms.platform("ns", "prod"), "0123456789");
        List<EnvVar> env =
                job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        for (EnvVar var : env) {
            assertEquals(null, var.getValue(), var.getName() + " must not be inline");
            assertEquals("nodes-db", var.getValueFrom().getSecretKeyRef().getName());
        }
        assertEquals(
                List.of("APP_DB_URL", "APP_DB_USER", "APP_DB_PASSWORD"),
                env.stream().map(EnvVar::getName).toList());
    }

    @Test
    void theMigrationPodIsNotSelectedByTheService() {
        NodesPlatform np = TestPlatforms.platform("ns", "prod");
        var podLabels = MigrationJobBuilder.build(np, "0123456789")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
        boolean selected = ChildMetadata.selectorLabels(np).entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
        Assertions.assertFalse(selected, "a migration pod must never receive the service's traffic");
        assertEquals("migration", podLabels.get("app.kubernetes.io/component"));
    }
}
