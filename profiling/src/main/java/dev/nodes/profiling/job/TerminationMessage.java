package dev.nodes.profiling.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one line of JSON the Job leaves in its termination log, which Kubernetes copies into the pod's
 * {@code state.terminated.message} for the operator: {@code {"result":"ok|regressed|failed","capture_id":"<uuid>"
 * or null,"summary":"..."}}. Kubernetes keeps at most 4096 bytes of it and the operator 500 characters of the
 * summary, so the summary is cut to {@link #MAX_SUMMARY}.
 */
record TerminationMessage(String result, UUID captureId, String summary) {
    static final String OK = "ok";
    static final String REGRESSED = "regressed";
    static final String FAILED = "failed";
    static final int MAX_SUMMARY = 480;
    private static final ObjectMapper JSON = new ObjectMapper();

    static TerminationMessage failed(UUID captureId, String summary) {
        return new TerminationMessage(FAILED, captureId, summary);
    }

    /** 0 for ok and regressed (the Job succeeded at measuring), 1 for failed. */
    int exitCode() {
        return result.equals(FAILED) ? 1 : 0;
    }

    String jsonLine() {
        ObjectNode json = JSON.createObjectNode();
        json.put("result", result);
        if (captureId == null) {
            json.putNull("capture_id");
        } else {
            json.put("capture_id", captureId.toString());
        }
        json.put("summary", cut(summary.replaceAll("\\s+", " ").strip()));
        return json.toString(); // compact: one line, newlines inside strings are escaped
    }

    void write(Path file) throws IOException {
        Files.writeString(file, jsonLine() + "\n", StandardCharsets.UTF_8);
    }

    private static String cut(String text) {
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
