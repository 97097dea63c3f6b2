package dev.nodes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;

/** The handler registered after a path's real methods: any other method is 405 in the contract's shape. */
public final class MethodNotAllowed {
    private MethodNotAllowed() {}

    public static Handler handler() {
        return (req, res) -> {
            throw new ApiException(
                    Status.METHOD_NOT_ALLOWED_405,
                    "method_not_allowed",
                    req.prologue().method().text() + " is not allowed on this route");
        };
    }
}
