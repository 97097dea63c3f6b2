package dev.nodes.service.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.UUID;

/** UUID path parameters: one that is not a UUID names nothing, so it is a 404 like any unknown id. */
public final class PathIds {
    private PathIds() {}

    public static UUID uuid(ServerRequest req, String what) {
        try {
            return UUID.fromString(req.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what);
        }
    }
}
