package dev.nodes.service.notifications.broadcasts;

import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.Cursors;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.PathIds;
import dev.nodes.service.http.QueryParams;
import dev.nodes.service.http.Responses;
import dev.nodes.service.http.TimeKeyset;
import dev.nodes.service.notifications.NotificationMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** {@code /v1/notifications/admin/broadcasts}: admin only. */
public final class BroadcastRoutes implements HttpService {
    private static final String LIST_SCOPE = "broadcasts";
    private static final String BASE_PATH = "/v1/notifications/admin/broadcasts/";

    private final Authenticator authenticator;
    private final BroadcastService broadcasts;
    private final Cursors cursors;
    private final NotificationMetrics metrics;

    public BroadcastRoutes(
            Authenticator authenticator, BroadcastService broadcasts, Cursors cursors, NotificationMetrics metrics) {
        this.authenticator = authenticator;
        this.broadcasts = broadcasts;
        this.cursors = cursors;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", this::list)
                .any("/", MethodNotAllowed.handler())
                .get("/{id}", this::get)
                .put("/{id}", this::replace)
                .any("/{id}", MethodNotAllowed.handler())
                .post("/{id}/send-now", this::sendNow)
                .any("/{id}/send-now", MethodNotAllowed.handler())
                .post("/{id}/cancel", this::cancel)
                .any("/{id}/cancel", MethodNotAllowed.handler());
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = admin(req);
        BroadcastDraft draft = BroadcastDraft.parse(JsonBody.readObject(req));
        Broadcast created = broadcasts.create(draft, caller.userId());
        res.header(HeaderNames.LOCATION, BASE_PATH + created.id());
        Responses.json(res, Status.CREATED_201, created);
    }

    private void list(ServerRequest req, ServerResponse res) {
        admin(req);
        QueryParams query = QueryParams.of(req);
        Set<String> statuses = statuses(query);
        int limit = query.limit();
        BroadcastRepository.Slice slice =
                broadcasts.list(statuses, TimeKeyset.after(cursors, query, LIST_SCOPE), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", slice.items());
        body.put(
                "next_cursor",
                slice.next().map(p -> p.cursor(cursors, LIST_SCOPE)).orElse(null));
        Responses.json(res, Status.OK_200, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        admin(req);
        Responses.json(res, Status.OK_200, broadcasts.find(PathIds.uuid(req, "broadcast")));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        admin(req);
        UUID id = PathIds.uuid(req, "broadcast");
        BroadcastDraft draft = BroadcastDraft.parse(JsonBody.readObject(req));
        Responses.json(res, Status.OK_200, broadcasts.replace(id, draft));
    }

    private void sendNow(ServerRequest req, ServerResponse res) {
        admin(req);
        Responses.json(res, Status.ACCEPTED_202, broadcasts.sendNow(PathIds.uuid(req, "broadcast")));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        admin(req);
        Broadcast cancelled = broadcasts.cancel(PathIds.uuid(req, "broadcast"));
        metrics.broadcastFinished("cancelled");
        Responses.json(res, Status.OK_200, cancelled);
    }

    private Caller admin(ServerRequest req) {
        return authenticator.authenticate(req).requireAdmin();
    }

    /** {@code status} may be repeated and each value may be a comma-separated list. */
    private static Set<String> statuses(QueryParams query) {
        Set<String> statuses = new TreeSet<>();
        for (String value : query.all("status")) {
            for (String part : value.split(",", -1)) {
                String status = part.trim().toLowerCase(Locale.ROOT);
                if (!BroadcastRepository.STATUSES.contains(status)) {
                    throw ApiException.invalidQuery(
                            "status",
                            "must be one of " + String.join(", ", new TreeSet<>(BroadcastRepository.STATUSES)));
                }
                statuses.add(status);
            }
        }
        return statuses;
    }
}
