package dev.nodes.service.profiling;

import java.util.UUID;

import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.Responses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The {@code /v1/admin/profiling} routes: admin only. */
public final class ProfilingRoutes implements HttpService {
    private final Authenticator auth;
    private final ProfilingService profiling;

    public ProfilingRoutes(Authenticator auth, ProfilingService profiling) {
        this.auth = auth;
        this.profiling = profiling;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/captures", this::create)
                .any("/captures", methodNotAllowed())
                .get("/captures/{id}/flamegraph.svg", this::flameGraph)
                .any("/captures/{id}/flamegraph.svg", methodNotAllowed())
                .get("/captures/{id}", this::get)
                .any("/captures/{id}", methodNotAllowed());
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req).requireAdmin();
        CaptureRequest request = CaptureRequest.parse(JsonBody.readObject(req));
        Capture capture = profiling.start(caller, request);
        res.header(HeaderNames.LOCATION, "/v1/admin/profiling/captures/" + capture.id());
        Responses.json(res, Status.CREATED_201, capture);
    }

    private void get(ServerRequest req, ServerResponse res) {
        auth.authenticate(req).requireAdmin();
        Responses.json(res, Status.OK_200, profiling.get(captureId(req)));
    }

    private void flameGraph(ServerRequest req, ServerResponse res) {
        auth.authenticate(req).requireAdmin();
        String svg = profiling.flameGraph(captureId(req));
        res.header(HeaderNames.CONTENT_TYPE, "image/svg+xml");
        res.send(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static UUID captureId(ServerRequest req) {
        try {
            return UUID.fromString(req.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("capture");
        }
    }

    private static Handler methodNotAllowed() {
        return (req, res) -> {
            throw new ApiException(Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                    req.prologue().method().text() + " is not allowed on this route");
        };
    }
}
