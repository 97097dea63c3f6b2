package dev.nodes.profiling.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.contracts.ProfileJobContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The one line of JSON the Job leaves in its termination log, which Kubernetes copies into the pod's
 * {@code state.terminated.message} for the operator: {@code {"result":"ok|regressed|failed","capture_id":"<uuid>"
 * or null,"summary":"..."}}, and after a comparison with the rollout's baseline capture also
 * {@code "baseline_capture_id"} and {@code "regressed_frames"} (the frames whose share grew most). Kubernetes keeps at most 4096 bytes of it and the operator 500 characters of the
 * summary, so the summary is cut to {@link #MAX_SUMMARY}.
 */
record TerminationMessage(
        String result, UUID captureId, String summary, UUID baselineCaptureId, List<String> regressedFrames) {
    static final String OK = ProfileJobContract.RESULT_OK;
    static final String REGRESSED = ProfileJobContract.RESULT_REGRESSED;
    static final String FAILED = ProfileJobContract.RESULT_FAILED;
    static final int MAX_SUMMARY = 480;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** At most this many frames, each cut to {@link #MAX_FRAME}: the whole line stays far under 4096 bytes. */
    static final int MAX_FRAMES = 3;

    static final int MAX_FRAME = 160;

    TerminationMessage(String result, UUID captureId, String summary) {
        this(result, captureId, summary, null, List.of());
    }

    static TerminationMessage failed(UUID captureId, String summary) {
        return new TerminationMessage(FAILED, captureId, summary);
    }

    /** 0 for ok and regressed (the Job succeeded at measuring), 1 for failed. */
    int exitCode() {
        return result.equals(FAILED) ? 1 : 0;
    }

    String jsonLine() {
        ObjectNode json = JSON.createObjectNode();
        json.put(ProfileJobContract.KEY_RESULT, result);
        if (captureId == null) {
            json.putNull(ProfileJobContract.KEY_CAPTURE_ID);
        } else {
            json.put(ProfileJobContract.KEY_CAPTURE_ID, captureId.toString());
        }
        if (baselineCaptureId != null) {
            json.put(ProfileJobContract.KEY_BASELINE_CAPTURE_ID, baselineCaptureId.toString());
        }
        if (!regressedFrames.isEmpty()) {
            var frames = json.putArray(ProfileJobContract.KEY_REGRESSED_FRAMES);
            regressedFrames.stream()
                    .limit(MAX_FRAMES)
                    .map(f -> f.length() <= MAX_FRAME ? f : f.substring(0, MAX_FRAME - 1) + "…")
                    .forEach(frames::add);
        }
        json.put(
                ProfileJobContract.KEY_SUMMARY,
                cut(summary.replaceAll("\\s+", " ").strip()));
        return json.toString(); // compact: one line, newlines inside strings are escaped
    }

    void write(Path file) throws IOException {
        Files.writeString(file, jsonLine() + "\n", StandardCharsets.UTF_8);
    }

    private static String cut(String text) {
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
