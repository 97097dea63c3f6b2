package dev.nodes.service.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors the web server answers before routing (a malformed URL or header, say) get the contract's error body
 * too, instead of Helidon's plain-text one.
 */
public final class ContractDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        String code = switch (status.code()) {
            case 400 -> "invalid_query";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status.code() >= 500 ? "internal" : "bad_request";
        };
        // the server's own message may echo the request; keep it generic for 5xx
        String text = status.code() >= 500
                ? "an unexpected error occurred"
                : status.reasonPhrase().toLowerCase();
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", text);
        String body = Json.write(Map.of("error", error));
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .entity(body)
                .keepAlive(eventType.keepAlive())
                .build();
    }
}
