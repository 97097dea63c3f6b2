package dev.nodes.service.profiling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.http.BodyFields;
import java.util.Optional;
import java.util.Set;

/** The body of {@code POST /v1/admin/profiling/captures}: how long to sample, what, and optionally why. */
public record CaptureRequest(int seconds, ProfileEvent event, Optional<String> reason) {
    public static final int MAX_SECONDS = 120;
    public static final int MAX_REASON = 1000;

    /** Validates the body; every problem ends up in one 400 {@code invalid_payload}. */
    public static CaptureRequest parse(ObjectNode body) {
        BodyFields fields = new BodyFields(body, Set.of("seconds", "event", "reason"));
        requirePresent(fields, "seconds");
        requirePresent(fields, "event");
        Integer seconds = fields.integer("seconds", 1, MAX_SECONDS).orElse(null);
        String event = fields.oneOf("event", ProfileEvent.NAMES).orElse(null);
        Optional<String> reason = fields.string("reason", MAX_REASON);
        fields.validate();
        return new CaptureRequest(seconds, ProfileEvent.fromWire(event), reason);
    }

    private static void requirePresent(BodyFields fields, String name) {
        if (!fields.has(name) || fields.isNull(name)) {
            fields.reject(name, "is required");
        }
    }
}
