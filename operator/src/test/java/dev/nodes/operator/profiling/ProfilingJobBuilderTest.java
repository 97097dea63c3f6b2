package dev.nodes.operator.profiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilingJobBuilderTest {

    static Job job(String mode) {
        NodesPlatform np = TestPlatforms.platform("team-a", "nodes");
        np.getSpec().profiling.seconds = 45;
        return ProfilingJobBuilder.build(
                np, ChildMetadata.profilingJobName(np, 7), "img:running", mode, "p95 of /v1/nodes is up", null);
    }

    @Test
    void runsTheProfilingToolOfTheRunningServiceImageAgainstTheService() {
        Job job = job(ProfilingJobBuilder.MODE_PROFILE);
        assertEquals("nodes-profile-7", job.getMetadata().getName());
        assertEquals("team-a", job.getMetadata().getNamespace());
        assertEquals(
                "uid-nodes", job.getMetadata().getOwnerReferences().getFirst().getUid());
        assertTrue(job.getMetadata().getOwnerReferences().getFirst().getController());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(3L * 45 + 300, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(86400, job.getSpec().getTtlSecondsAfterFinished());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertFalse(pod.getAutomountServiceAccountToken());
        Container c = pod.getContainers().getFirst();
        assertEquals("img:running", c.getImage());
        assertEquals(
                List.of("java", "-cp", "/app/profiling/lib/*", "dev.nodes.profiling.Main", "profile-job"),
                c.getCommand());
        assertEquals(
                List.of(
                        "--target",
                        "http://nodes.team-a.svc:80",
                        "--jwt-secret-file",
                        "/var/run/secrets/nodes-jwt/secret",
                        "--seconds",
                        "45",
                        "--mode",
                        "profile",
                        "--reason",
                        "p95 of /v1/nodes is up"),
                c.getArgs());
        assertEquals("/dev/termination-log", c.getTerminationMessagePath());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals("profile", job.getMetadata().getAnnotations().get(ProfilingJobBuilder.MODE_ANNOTATION));
        assertEquals(
                "benchmark",
                job(ProfilingJobBuilder.MODE_BENCHMARK)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs()
                        .get(7));
    }

    @Test
    void theJwtSecretIsAReadOnlyFileAndNoCredentialIsInTheSpec() {
        Job job = job(ProfilingJobBuilder.MODE_PROFILE);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Volume jwt = pod.getVolumes().stream()
                .filter(v -> "jwt".equals(v.getName()))
                .findFirst()
                .orElseThrow();
        assertEquals("nodes-jwt", jwt.getSecret().getSecretName());
        assertEquals("secret", jwt.getSecret().getItems().getFirst().getKey());
        assertEquals("secret", jwt.getSecret().getItems().getFirst().getPath());
        assertEquals(0440, jwt.getSecret().getDefaultMode());
        Container c = pod.getContainers().getFirst();
        assertTrue(c.getVolumeMounts().stream()
                .anyMatch(m -> "/var/run/secrets/nodes-jwt".equals(m.getMountPath()) && m.getReadOnly()));
        assertNull(
                c.getEnv() == null || c.getEnv().isEmpty() ? null : c.getEnv(),
                "no environment: nothing secret to leak");
        String json = Serialization.asJson(job);
        assertFalse(json.contains(TestPlatforms.jwtSecret("x").getStringData().get("secret")));
        assertFalse(json.toLowerCase().contains("bearer"));
    }

    @Test
    void theProfilingPodIsNotSelectedByTheService() {
        NodesPlatform np = TestPlatforms.platform("team-a", "nodes");
        var podLabels = job(ProfilingJobBuilder.MODE_PROFILE)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels();
        boolean selected = ChildMetadata.selectorLabels(np).entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
        assertFalse(selected, "a profiling pod must never receive the service's traffic");
        assertEquals(
                ChildMetadata.MANAGED_BY,
                job(ProfilingJobBuilder.MODE_PROFILE).getMetadata().getLabels().get("app.kubernetes.io/managed-by"),
                "the Job itself is in the operator's informer");
    }

    @Test
    void aProfileRunIsGivenTheRolloutsBaselineCaptureAndABaselineRunIsNot() {
        NodesPlatform np = TestPlatforms.platform("team-a", "nodes");
        List<String> profile = ProfilingJobBuilder.build(
                        np, "nodes-profile-2", "img", ProfilingJobBuilder.MODE_PROFILE, "p95 up", "cap-base")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs();
        assertEquals(List.of("--baseline-capture", "cap-base"), profile.subList(profile.size() - 2, profile.size()));
        List<String> baseline = ProfilingJobBuilder.build(
                        np,
                        "nodes-profile-3",
                        "img",
                        ProfilingJobBuilder.MODE_BASELINE,
                        "baseline capture for rollout r",
                        "cap-base")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs();
        assertFalse(baseline.contains("--baseline-capture"), baseline.toString());
        assertEquals("baseline", baseline.get(baseline.indexOf("--mode") + 1));
        List<String> none = ProfilingJobBuilder.build(
                        np, "nodes-profile-4", "img", ProfilingJobBuilder.MODE_PROFILE, "p95 up", null)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs();
        assertFalse(none.contains("--baseline-capture"), "no baseline capture yet: the Job profiles all the same");
    }

    @Test
    void longReasonsAreTrimmed() {
        String reason = "x".repeat(5000);
        NodesPlatform np = TestPlatforms.platform("team-a", "nodes");
        Job job = ProfilingJobBuilder.build(np, "nodes-profile-1", "img", "profile", reason, null);
        assertEquals(
                ProfilingJobBuilder.MAX_REASON,
                job.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs()
                        .getLast()
                        .length());
    }

    @Test
    void jobsAreNumberedAfterTheHighestSeen() {
        assertEquals(1, JobNumber.next("np", null, List.of()));
        assertEquals(4, JobNumber.next("np", "np-profile-3", List.of("np-profile-2")));
        assertEquals(
                10,
                JobNumber.next("np", "np-profile-3", List.of("np-profile-9", "np-migrate-abc", "other-profile-50")));
        assertEquals(1, JobNumber.next("np", "np-profile-x", List.of()));
    }
}
