package dev.nodes.service.profiling;

import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.PathIds;
import dev.nodes.service.http.QueryParams;
import dev.nodes.service.http.Responses;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/** The {@code /v1/admin/profiling} routes: admin only. */
public final class ProfilingRoutes implements HttpService {
    private static final MediaType SVG = MediaTypes.create("image/svg+xml");
    private static final Set<String> FORMATS = Set.of("svg", "json");
    private static final int DEFAULT_TOP = 20;
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
                .get("/captures/{id}/diff", this::diff)
                .any("/captures/{id}/diff", MethodNotAllowed.handler())
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
        sendSvg(res, profiling.flameGraph(PathIds.uuid(req, "capture")));
    }

    /**
     * The capture against {@code ?baseline=}: the differential flame graph, or its summary as JSON when
     * {@code ?format=json} or when the Accept header prefers {@code application/json} to {@code image/svg+xml}.
     */
    private void diff(ServerRequest req, ServerResponse res) {
        auth.authenticate(req).requireAdmin();
        UUID id = PathIds.uuid(req, "capture");
        QueryParams query = QueryParams.of(req);
        UUID baseline = query.uuid("baseline").orElseThrow(() -> ApiException.invalidQuery("baseline", "is required"));
        boolean json = query.oneOf("format", FORMATS)
                .map("json"::equals)
                .orElseGet(() -> req.headers()
                        .bestAccepted(SVG, MediaTypes.APPLICATION_JSON)
                        .orElse(SVG)
                        .equals(MediaTypes.APPLICATION_JSON));
        int top = query.integer("top", DEFAULT_TOP, 1, QueryParams.MAX_LIMIT);
        if (json) {
            Responses.json(res, Status.OK_200, profiling.diffSummary(id, baseline, top));
        } else {
            sendSvg(res, profiling.diffFlameGraph(id, baseline));
        }
    }

    private static void sendSvg(ServerResponse res, String svg) {
        res.header(HeaderNames.CONTENT_TYPE, SVG.text());
        res.send(svg.getBytes(StandardCharsets.UTF_8));
    }
}
