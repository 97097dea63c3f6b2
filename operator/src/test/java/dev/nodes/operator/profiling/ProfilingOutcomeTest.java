package dev.nodes.operator.profiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.ProfilingRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfilingOutcomeTest {

    static Job job(String type, String reason) {
        JobBuilder b =
                new JobBuilder().withNewMetadata().withName("np-profile-1").endMetadata();
        if (type == null) {
            return b.withNewStatus().withActive(1).endStatus().build();
        }
        return b.withNewStatus()
                .addNewCondition()
                .withType(type)
                .withStatus("True")
                .withReason(reason)
                .withLastTransitionTime("2026-03-01T12:05:00Z")
                .endCondition()
                .withCompletionTime("Complete".equals(type) ? "2026-03-01T12:05:00Z" : null)
                .endStatus()
                .build();
    }

    static Pod pod(String container, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("np-profile-1-abcde")
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName(container)
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withMessage(message)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    @Test
    void theToolsTerminationMessageGivesResultCaptureAndSummary() {
        ProfilingOutcome o = ProfilingOutcome.of(
                job("Complete", null),
                List.of(pod(
                        "profile",
                        "{\"result\":\"regressed\",\"capture_id\":\"cap-42\",\"summary\":\"nodes:get p95 +31%\"}\n")));
        assertEquals("regressed", o.result());
        assertEquals("cap-42", o.captureId());
        assertEquals("nodes:get p95 +31%", o.summary());
        assertEquals("2026-03-01T12:05:00Z", o.finishedAt());
    }

    @Test
    void aComparedRunGivesItsBaselineCaptureAndAtMostThreeFrames() {
        ProfilingOutcome o = ProfilingOutcome.of(
                job("Complete", null),
                List.of(
                        pod(
                                "profile",
                                "{\"result\":\"ok\",\"capture_id\":\"cap-2\",\"baseline_capture_id\":\"cap-1\","
                                        + "\"regressed_frames\":[\"A.a +9 pp\",\"B.b +2 pp\",\"C.c +1 pp\",\"D.d +0.5 pp\"],\"summary\":\"vs baseline\"}")));
        assertEquals("cap-1", o.baselineCaptureId());
        assertEquals(List.of("A.a +9 pp", "B.b +2 pp", "C.c +1 pp"), o.regressedFrames());
        ProfilingOutcome plain = ProfilingOutcome.of(
                job("Complete", null),
                List.of(pod("profile", "{\"result\":\"ok\",\"capture_id\":\"cap-3\",\"summary\":\"no baseline\"}")));
        assertEquals(null, plain.baselineCaptureId());
        assertEquals(List.of(), plain.regressedFrames());
    }

    @Test
    void aFinishedBaselineJobGivesTheBaselineItsCaptureAndNothingElseDoes() {
        Baseline b = new Baseline();
        b.rollout = "r1";
        b.p95Millis = Map.of("/v1/nodes", 2.0);
        b.captureJob = "np-profile-4";
        ProfilingRun run = new ProfilingRun();
        run.job = "np-profile-4";
        run.mode = ProfilingJobBuilder.MODE_BASELINE;
        run.finishedAt = "t";
        run.result = "ok";
        run.captureId = "cap-base";
        assertEquals("cap-base", BaselineCaptures.withFinished(b, run).captureId);
        assertEquals(null, b.captureId, "a copy: the previous status is not changed");
        run.result = "failed";
        assertEquals(null, BaselineCaptures.withFinished(b, run).captureId, "a failed capture: the rollout has none");
        run.result = "ok";
        run.job = "np-profile-5";
        assertEquals(null, BaselineCaptures.withFinished(b, run).captureId, "another Job's capture");
        run.job = "np-profile-4";
        run.finishedAt = null;
        assertEquals(null, BaselineCaptures.withFinished(b, run).captureId, "not finished yet");
        assertEquals("np-profile-9", BaselineCaptures.taking(b, "np-profile-9").captureJob);
    }

    @Test
    void withoutAUsableMessageTheJobsConditionDecides() {
        ProfilingOutcome none = ProfilingOutcome.of(job("Complete", null), List.of());
        assertEquals("succeeded", none.result());
        assertNull(none.captureId());
        assertTrue(none.summary().startsWith("no termination message"));

        ProfilingOutcome garbage = ProfilingOutcome.of(
                job("Failed", "DeadlineExceeded"), List.of(pod("profile", "Exception in thread main")));
        assertEquals("failed", garbage.result());
        assertTrue(garbage.summary().contains("not the expected JSON"), garbage.summary());
        assertTrue(garbage.summary().contains("DeadlineExceeded"), garbage.summary());

        ProfilingOutcome unknownResult =
                ProfilingOutcome.of(job("Complete", null), List.of(pod("profile", "{\"result\":\"great\"}")));
        assertEquals("succeeded", unknownResult.result());

        ProfilingOutcome otherContainer =
                ProfilingOutcome.of(job("Complete", null), List.of(pod("sidecar", "{\"result\":\"ok\"}")));
        assertEquals("succeeded", otherContainer.result());
    }

    @Test
    void aRunningJobIsNotFinished() {
        assertFalse(ProfilingOutcome.finished(job(null, null)));
        assertTrue(ProfilingOutcome.finished(job("Complete", null)));
        assertTrue(ProfilingOutcome.finished(job("Failed", "BackoffLimitExceeded")));
    }

    @Test
    void longSummariesAreTrimmed() {
        ProfilingOutcome o = ProfilingOutcome.of(
                job("Complete", null),
                List.of(pod("profile", "{\"result\":\"ok\",\"summary\":\"" + "s".repeat(3000) + "\"}")));
        assertEquals(ProfilingOutcome.MAX_SUMMARY, o.summary().length());
    }
}
