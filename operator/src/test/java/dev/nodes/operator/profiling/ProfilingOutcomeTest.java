package dev.nodes.operator.profiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilingOutcomeTest {

    static Job job(String type, String reason) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("np-profile-1").endMetadata();
        if (type == null) {
            return b.withNewStatus().withActive(1).endStatus().build();
        }
        return b.withNewStatus().addNewCondition().withType(type).withStatus("True").withReason(reason)
                .withLastTransitionTime("2026-03-01T12:05:00Z").endCondition()
                .withCompletionTime("Complete".equals(type) ? "2026-03-01T12:05:00Z" : null).endStatus().build();
    }

    static Pod pod(String container, String message) {
        return new PodBuilder().withNewMetadata().withName("np-profile-1-abcde").endMetadata()
                .withNewStatus().addNewContainerStatus().withName(container)
                .withNewState().withNewTerminated().withExitCode(0).withMessage(message).endTerminated().endState()
                .endContainerStatus().endStatus().build();
    }

    @Test
    void theToolsTerminationMessageGivesResultCaptureAndSummary() {
        ProfilingOutcome o = ProfilingOutcome.of(job("Complete", null),
                List.of(pod("profile", "{\"result\":\"regressed\",\"capture_id\":\"cap-42\",\"summary\":\"nodes:get p95 +31%\"}\n")));
        assertEquals("regressed", o.result());
        assertEquals("cap-42", o.captureId());
        assertEquals("nodes:get p95 +31%", o.summary());
        assertEquals("2026-03-01T12:05:00Z", o.finishedAt());
    }

    @Test
    void withoutAUsableMessageTheJobsConditionDecides() {
        ProfilingOutcome none = ProfilingOutcome.of(job("Complete", null), List.of());
        assertEquals("succeeded", none.result());
        assertNull(none.captureId());
        assertTrue(none.summary().startsWith("no termination message"));

        ProfilingOutcome garbage = ProfilingOutcome.of(job("Failed", "DeadlineExceeded"), List.of(pod("profile", "Exception in thread main")));
        assertEquals("failed", garbage.result());
        assertTrue(garbage.summary().contains("not the expected JSON"), garbage.summary());
        assertTrue(garbage.summary().contains("DeadlineExceeded"), garbage.summary());

        ProfilingOutcome unknownResult = ProfilingOutcome.of(job("Complete", null), List.of(pod("profile", "{\"result\":\"great\"}")));
        assertEquals("succeeded", unknownResult.result());

        ProfilingOutcome otherContainer = ProfilingOutcome.of(job("Complete", null), List.of(pod("sidecar", "{\"result\":\"ok\"}")));
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
        ProfilingOutcome o = ProfilingOutcome.of(job("Complete", null),
                List.of(pod("profile", "{\"result\":\"ok\",\"summary\":\"" + "s".repeat(3000) + "\"}")));
        assertEquals(ProfilingOutcome.MAX_SUMMARY, o.summary().length());
    }
}
