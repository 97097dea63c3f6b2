package dev.nodes.operator.profiling;

import dev.nodes.contracts.ProfileJobContract;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.child.PodHardening;
import dev.nodes.operator.deployment.ClusterServiceBuilder;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.secret.SecretReferences;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Job {@code <name>-profile-<n>}: the service image runs the profiling tool's {@code profile-job}
 * against the Service. The JWT signing Secret is mounted as a file; the tool mints its own token, so
 * no token is ever in the Job spec, its environment or its logs. Contract: docs/operator.md.
 */
public final class ProfilingJobBuilder {
    public static final String COMPONENT = "profiling";
    public static final String CONTAINER = "profile";
    public static final String MODE_PROFILE = ProfileJobContract.MODE_PROFILE;
    public static final String MODE_BENCHMARK = ProfileJobContract.MODE_BENCHMARK;
    /** The same load and capture as profile, once per rollout: the known good profile a regression is compared with. */
    public static final String MODE_BASELINE = ProfileJobContract.MODE_BASELINE;

    public static final List<String> COMMAND =
            List.of("java", "-cp", "/app/profiling/lib/*", "dev.nodes.profiling.Main", ProfileJobContract.COMMAND);
    public static final String JWT_DIR = "/var/run/secrets/nodes-jwt";
    public static final String JWT_FILE = JWT_DIR + "/secret";
    public static final String REASON_ANNOTATION = "platform.nodes.dev/profiling-reason";
    public static final String MODE_ANNOTATION = "platform.nodes.dev/profiling-mode";
    /** Finished Jobs are kept a day for their logs; the outcome is kept in status. */
    public static final int TTL_AFTER_FINISHED_SECONDS = 86400;
    /** Kubernetes keeps at most this much of an annotation/arg comfortable to read; reasons are trimmed to it. */
    static final int MAX_REASON = 1000;

    private ProfilingJobBuilder() {}

    /** Benchmark warm-up, the run, the capture and JVM start: three times the capture plus five minutes. */
    public static long deadlineSeconds(int seconds) {
        return 3L * seconds + 300;
    }

    /** Where the Job sends its load: the Service, by its cluster DNS name and port. */
    public static String target(NodesPlatform np) {
        return "http://" + ChildMetadata.serviceName(np) + "."
                + np.getMetadata().getNamespace() + ".svc:" + ClusterServiceBuilder.PORT;
    }

    public static String trim(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    /**
     * @param image the image the Deployment runs now (the one to profile)
     * @param mode  {@link #MODE_PROFILE}, {@link #MODE_BASELINE} or {@link #MODE_BENCHMARK}
     * @param baselineCapture the rollout's baseline capture a profile run compares with, or null (none yet)
     */
    public static Job build(
            NodesPlatform np, String name, String image, String mode, String reason, String baselineCapture) {
        String why = trim(reason);
        ObjectMeta meta = ChildMetadata.metadata(np, name, COMPONENT);
        meta.getAnnotations().put(MODE_ANNOTATION, mode);
        meta.getAnnotations().put(REASON_ANNOTATION, why);
        int seconds = np.getSpec().profiling.seconds;
        return new JobBuilder()
                .withMetadata(meta)
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(deadlineSeconds(seconds))
                .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                .withNewTemplate()
                // not the Service's selector labels: a profiling pod must never receive the service's traffic
                .withNewMetadata()
                .withLabels(podLabels(np))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(PodHardening.podSecurityContext())
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(image)
                .withCommand(COMMAND)
                .withArgs(args(np, seconds, mode, why, baselineCapture))
                .withTerminationMessagePath("/dev/termination-log")
                .withTerminationMessagePolicy("File")
                .withSecurityContext(PodHardening.containerSecurityContext())
                .withVolumeMounts(
                        PodHardening.tmpMount(),
                        new VolumeMountBuilder()
                                .withName("jwt")
                                .withMountPath(JWT_DIR)
                                .withReadOnly(true)
                                .build())
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .endContainer()
                .withVolumes(
                        PodHardening.tmpVolume(),
                        new VolumeBuilder()
                                .withName("jwt")
                                .withNewSecret()
                                .withSecretName(np.getSpec().auth.jwtSecretRef)
                                .addNewItem()
                                .withKey(SecretReferences.JWT_SECRET)
                                .withPath("secret")
                                .endItem()
                                .withDefaultMode(0440)
                                .endSecret()
                                .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static List<String> args(NodesPlatform np, int seconds, String mode, String why, String baselineCapture) {
        List<String> args = new ArrayList<>(List.of(
                ProfileJobContract.OPTION_TARGET,
                target(np),
                ProfileJobContract.OPTION_JWT_SECRET_FILE,
                JWT_FILE,
                ProfileJobContract.OPTION_SECONDS,
                Integer.toString(seconds),
                ProfileJobContract.OPTION_MODE,
                mode,
                ProfileJobContract.OPTION_REASON,
                why));
        if (MODE_PROFILE.equals(mode) && baselineCapture != null) {
            args.addAll(List.of(ProfileJobContract.OPTION_BASELINE_CAPTURE, baselineCapture));
        }
        return args;
    }

    static Map<String, String> podLabels(NodesPlatform np) {
        return ChildMetadata.jobPodLabels(np, COMPONENT);
    }
}
