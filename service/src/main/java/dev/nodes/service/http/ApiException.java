package dev.nodes.service.http;

import io.helidon.http.Status;
import java.util.Map;

/** A client-visible failure: it becomes the contract's error body with this status and code. */
public final class ApiException extends RuntimeException {
    private final Status status;
    private final String code;
    private final Map<String, ?> details;

    public ApiException(Status status, String code, String message, Map<String, ?> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public ApiException(Status status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public static ApiException invalidPayload(Map<String, String> fields) {
        return new ApiException(
                Status.BAD_REQUEST_400, "invalid_payload", "the request body is not valid", Map.of("fields", fields));
    }

    public static ApiException invalidQuery(String parameter, String reason) {
        return new ApiException(
                Status.BAD_REQUEST_400,
                "invalid_query",
                "the query is not valid",
                Map.of("fields", Map.of(parameter, reason)));
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(Status.UNAUTHORIZED_401, "unauthenticated", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Status.FORBIDDEN_403, "forbidden", message);
    }

    public static ApiException notFound(String what) {
        return new ApiException(Status.NOT_FOUND_404, "not_found", what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(Status.CONFLICT_409, "conflict", message);
    }

    public static ApiException invalidStatus(String message) {
        return new ApiException(Status.CONFLICT_409, "invalid_status", message);
    }

    public static ApiException preconditionFailed(String message) {
        return new ApiException(Status.PRECONDITION_FAILED_412, "precondition_failed", message);
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, ?> details() {
        return details;
    }
}
