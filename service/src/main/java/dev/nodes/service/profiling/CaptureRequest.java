package dev.nodes.service.profiling;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.http.BodyFields;

/** The body of {@code POST /v1/admin/profiling/captures}: how long to sample and what. */
public record CaptureRequest(int seconds, ProfileEvent event) {
    public static final int MAX_SECONDS = 120;

    /** Validates the body; every problem ends up in one 400 {@code invalid_payload}. */
    public static CaptureRequest parse(ObjectNode body) {
        BodyFields fields = new BodyFields(body, Set.of("seconds", "event"));
        requirePresent(fields, "seconds");
        requirePresent(fields, "event");
        Integer seconds = fields.integer("seconds", 1, MAX_SECONDS).orElse(null);
        String event = fields.oneOf("event", ProfileEvent.NAMES).orElse(null);
        fields.validate();
        return new CaptureRequest(seconds, ProfileEvent.fromWire(event));
    }

    private static void requirePresent(BodyFields fields, String name) {
        if (!fields.has(name) || fields.isNull(name)) {
            fields.reject(name, "is required");
        }
    }
}
