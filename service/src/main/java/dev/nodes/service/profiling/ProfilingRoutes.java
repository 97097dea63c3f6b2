package dev.nodes.service.profiling;


import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.PathIds;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.Responses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
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
                .any("/captures", MethodNotAllowed.handler())
                .get("/captures/{id}/flamegraph.svg", this::flameGraph)
                .any("/captures/{id}/flamegraph.svg", MethodNotAllowed.handler())
                .get("/captures/{id}", this::get)
                .any("/captures/{id}", MethodNotAllowed.handler());
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
        Responses.json(res, Status.OK_200, profiling.get(PathIds.uuid(req, "capture")));
    }

    private void flameGraph(ServerRequest req, ServerResponse res) {
        auth.authenticate(req).requireAdmin();
        String svg = profiling.flameGraph(PathIds.uuid(req, "capture"));
        res.header(HeaderNames.CONTENT_TYPE, "image/svg+xml");
        res.send(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
