package dev.nodes.operator.profiling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodes.contracts.ProfileJobContract;
import dev.nodes.operator.migration.JobOutcome;
import dev.nodes.operator.resource.MigrationState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a finished profiling Job ended: from the one-line JSON the tool writes to
 * {@code /dev/termination-log} ({@code {"result":"ok|regressed|failed","capture_id":"...","summary":"..."}}, after a
 * comparison with the rollout's baseline capture also {@code "baseline_capture_id"} and {@code "regressed_frames"}),
 * read from the pod's {@code state.terminated.message}; without it, from the Job's condition
 * ({@code succeeded} or {@code failed}).
 */
public record ProfilingOutcome(
        String result,
        String captureId,
        String summary,
        String finishedAt,
        String baselineCaptureId,
        List<String> regressedFrames) {
    public static final Set<String> TOOL_RESULTS =
            Set.of(ProfileJobContract.RESULT_OK, ProfileJobContract.RESULT_REGRESSED, ProfileJobContract.RESULT_FAILED);
    static final int MAX_SUMMARY = 500;
    static final int MAX_FRAMES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the Job has finished (Complete or Failed). */
    public static boolean finished(Job job) {
        return JobOutcome.of(job).state() != MigrationState.Running;
    }

    /** The outcome of a finished Job, given its pods (may be empty: they are gone or unreadable). */
    public static ProfilingOutcome of(Job job, List<Pod> pods) {
        JobOutcome jobOutcome = JobOutcome.of(job);
        String finishedAt = jobOutcome.finishedAt();
        String message = terminationMessage(pods);
        if (message != null) {
            try {
                JsonNode json = JSON.readTree(message);
                String result = text(json, ProfileJobContract.KEY_RESULT);
                if (result != null && TOOL_RESULTS.contains(result)) {
                    List<String> frames = new ArrayList<>();
                    json.path(ProfileJobContract.KEY_REGRESSED_FRAMES).forEach(f -> {
                        if (frames.size() < MAX_FRAMES) {
                            frames.add(trim(f.asText()));
                        }
                    });
                    return new ProfilingOutcome(
                            result,
                            text(json, ProfileJobContract.KEY_CAPTURE_ID),
                            trim(text(json, ProfileJobContract.KEY_SUMMARY)),
                            finishedAt,
                            text(json, ProfileJobContract.KEY_BASELINE_CAPTURE_ID),
                            List.copyOf(frames));
                }
            } catch (IOException | RuntimeException e) {
                // not the contract's JSON: fall back to the Job's condition below
            }
        }
        boolean succeeded = jobOutcome.state() == MigrationState.Succeeded;
        String summary =
                (message == null ? "no termination message" : "termination message is not the expected JSON") + "; Job "
                        + (succeeded
                                ? "succeeded"
                                : "failed" + (jobOutcome.message() == null ? "" : ": " + jobOutcome.message()));
        return new ProfilingOutcome(
                succeeded ? "succeeded" : "failed", null, trim(summary), finishedAt, null, List.of());
    }

    static String terminationMessage(List<Pod> pods) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                if (ProfilingJobBuilder.CONTAINER.equals(c.getName())
                        && c.getState() != null
                        && c.getState().getTerminated() != null) {
                    String m = c.getState().getTerminated().getMessage();
                    if (m != null && !m.isBlank()) {
                        return m.strip();
                    }
                }
            }
        }
        return null;
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String trim(String s) {
        return s == null || s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
