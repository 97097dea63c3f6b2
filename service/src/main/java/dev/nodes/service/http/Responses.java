package dev.nodes.service.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON responses and the contract's error body. */
public final class Responses {
    private Responses() {}

    public static void json(ServerResponse res, Status status, Object body) {
        sendJson(res, status, Json.write(body));
    }

    /** Sends JSON that is already serialised (the node cache keeps nodes this way). */
    public static void sendJson(ServerResponse res, Status status, String json) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(json.getBytes(StandardCharsets.UTF_8));
    }

    public static void error(ServerResponse res, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            error.put("details", e.details());
        }
        if (e.status() == Status.TOO_MANY_REQUESTS_429 || e.status() == Status.SERVICE_UNAVAILABLE_503) {
            Object seconds = e.details().get("retry_after_seconds");
            res.header(HeaderNames.RETRY_AFTER, seconds == null ? "1" : seconds.toString());
        }
        json(res, e.status(), Map.of("error", error));
    }
}
