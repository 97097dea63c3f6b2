package dev.nodes.operator.migration;

import dev.nodes.contracts.ServiceSettings;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.child.PodHardening;
import dev.nodes.operator.config.ServiceEnvironment;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/** Job {@code <name>-migrate-<hash>}: runs the service image's migrate command once. */
public final class MigrationJobBuilder {
    /** Finished Jobs are kept a day for their logs; the outcome is kept in status. */
    public static final int TTL_AFTER_FINISHED_SECONDS = 86400;

    private MigrationJobBuilder() {}

    public static Job build(NodesPlatform np, String hash) {
        ObjectMeta meta = ChildMetadata.metadata(np, ChildMetadata.migrationJobName(np, hash), "migration");
        meta.getAnnotations().put(ChildMetadata.MIGRATION_HASH, hash);
        return new JobBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds((long) np.getSpec().migrations.timeoutSeconds)
                .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(ChildMetadata.jobPodLabels(np, "migration"))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withSecurityContext(PodHardening.podSecurityContext())
                .addNewContainer()
                .withName("migrate")
                .withImage(np.getSpec().image)
                .withArgs(ServiceSettings.COMMAND_MIGRATE)
                .withEnvFrom(ServiceEnvironment.fromConfigMap(ChildMetadata.configMapName(np)))
                .withEnv(ServiceEnvironment.database(np.getSpec()))
                .withSecurityContext(PodHardening.containerSecurityContext())
                .withVolumeMounts(PodHardening.tmpMount())
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .endContainer()
                .withVolumes(PodHardening.tmpVolume())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
