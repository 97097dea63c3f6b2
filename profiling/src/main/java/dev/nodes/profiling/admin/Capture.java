package dev.nodes.profiling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.profiling.flamegraph.TopFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A capture as {@code /v1/admin/profiling/captures/{id}} shows it. {@code profiler} is what really sampled (the
 * service falls back from perf_events to timers to JFR); {@code topFrames} holds the top frames by self and by
 * total time once it is done.
 */
public record Capture(
        UUID id,
        String status,
        String event,
        int seconds,
        String profiler,
        Long samples,
        List<TopFrame> topFrames,
        String error) {
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public boolean done() {
        return DONE.equals(status);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }

    static Capture from(JsonNode json) {
        List<TopFrame> top = new ArrayList<>();
        for (JsonNode f : json.path("top_frames")) {
            top.add(new TopFrame(
                    f.path("frame").asText(),
                    f.path("self_samples").asLong(),
                    f.path("self_percent").asDouble(),
                    f.path("total_samples").asLong(),
                    f.path("total_percent").asDouble()));
        }
        return new Capture(
                UUID.fromString(json.path("id").asText()),
                json.path("status").asText(),
                json.path("event").asText(),
                json.path("seconds").asInt(),
                text(json, "profiler"),
                json.path("samples").isNumber() ? json.path("samples").asLong() : null,
                List.copyOf(top),
                text(json, "error"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
