package dev.nodes.operator.child;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/** Non-root, read-only root filesystem, no capabilities: the same for service and migration pods. */
public final class PodHardening {
    /** The uid the service image's Dockerfile creates. */
    public static final long SERVICE_UID = 10001L;

    private PodHardening() {}

    public static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(SERVICE_UID)
                .withRunAsGroup(SERVICE_UID)
                .withFsGroup(SERVICE_UID)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    public static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build();
    }

    /** The JVM and PostgreSQL driver need a writable /tmp; the root filesystem stays read-only. */
    public static Volume tmpVolume() {
        return new VolumeBuilder()
                .withName("tmp")
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
    }

    public static VolumeMount tmpMount() {
        return new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build();
    }
}
