package dev.nodes.service.nodes;

import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.Cursors;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.Page;
import dev.nodes.service.http.QueryParams;
import dev.nodes.service.http.Responses;
import dev.nodes.service.nodes.engagement.EngagementService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code /v1/nodes} routes of the contract: HTTP in and out, the rules live in the services. */
public final class NodeRoutes implements HttpService {
    private static final String LIST_SCOPE = "nodes";
    private static final String DEV_BLOG_SCOPE = "dev-blog";

    private final Authenticator auth;
    private final NodeService nodes;
    private final EngagementService engagement;
    private final Cursors cursors;

    public NodeRoutes(Authenticator auth, NodeService nodes, EngagementService engagement, Cursors cursors) {
        this.auth = auth;
        this.nodes = nodes;
        this.engagement = engagement;
        this.cursors = cursors;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .any("/", MethodNotAllowed.handler())
                .get("/dev-blog", this::devBlog)
                .any("/dev-blog", MethodNotAllowed.handler())
                .get("/slug/{slug}", this::getBySlug)
                .any("/slug/{slug}", MethodNotAllowed.handler())
                .post("/{ref}/views", this::registerView)
                .get("/{ref}/views", this::viewHistory)
                .any("/{ref}/views", MethodNotAllowed.handler())
                .put("/{ref}/likes", (req, res) -> like(req, res, true))
                .delete("/{ref}/likes", (req, res) -> like(req, res, false))
                .any("/{ref}/likes", MethodNotAllowed.handler())
                .post("/{ref}/embedding/refresh", this::refreshEmbedding)
                .any("/{ref}/embedding/refresh", MethodNotAllowed.handler())
                .put("/{ref}/tags", this::replaceTags)
                .any("/{ref}/tags", MethodNotAllowed.handler())
                .get("/{ref}", this::get)
                .patch("/{ref}", this::update)
                .delete("/{ref}", this::delete)
                .any("/{ref}", MethodNotAllowed.handler());
    }

    private void get(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        sendRepresentation(res, nodes.read(caller, ref(req)));
    }

    private void getBySlug(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String slug = req.path().pathParameters().get("slug");
        NodeRef ref = NodeRequests.SLUG.matcher(slug).matches() ? new NodeRef.BySlug(slug) : new NodeRef.Invalid();
        sendRepresentation(res, nodes.read(caller, ref));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        Node node = nodes.create(caller, NodeRequests.create(JsonBody.readObject(req)));
        res.header(HeaderNames.LOCATION, URI.create("/v1/nodes/" + node.id()).toString());
        sendNode(res, Status.CREATED_201, node);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        NodeRepository.NodeChanges changes = NodeRequests.patch(JsonBody.readObject(req));
        sendNode(res, Status.OK_200, nodes.update(caller, ref(req), changes, ifMatch(req)));
    }

    private void replaceTags(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        List<String> tags = NodeRequests.tagsBody(JsonBody.readObject(req));
        sendNode(res, Status.OK_200, nodes.replaceTags(caller, ref(req), tags, ifMatch(req)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        nodes.delete(caller, ref(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams query = QueryParams.of(req);
        UUID author = query.uuid("author_id").orElse(caller.userId());
        Optional<String> status = query.oneOf("status", NodeRequests.STATUSES);
        Optional<String> tag = query.string("tag").map(NodeRequests::queryTag);
        int limit = query.limit();
        NodeListView view =
                query.oneOf("view", NodeListView.NAMES).map(NodeListView::of).orElse(NodeListView.FULL);
        Optional<Long> before = cursors.decode(query, LIST_SCOPE, 1).map(parts -> Long.parseLong(parts.getFirst()));
        List<Node> rows = nodes.listByAuthor(caller, author, status, tag, before, limit, view);
        Responses.json(res, Status.OK_200, page(rows, limit, LIST_SCOPE));
    }

    private void devBlog(ServerRequest req, ServerResponse res) {
        QueryParams query = QueryParams.of(req);
        List<String> tags =
                query.all("tag").stream().map(NodeRequests::queryTag).distinct().toList();
        var from = query.date("from");
        var to = query.date("to");
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw ApiException.invalidQuery("to", "must not be before from");
        }
        int limit = query.limit();
        Optional<Long> before = cursors.decode(query, DEV_BLOG_SCOPE, 1).map(parts -> Long.parseLong(parts.getFirst()));
        List<Node> rows = nodes.listDevBlog(tags, from, to, before, limit);
        Responses.json(res, Status.OK_200, page(rows, limit, DEV_BLOG_SCOPE));
    }

    private void registerView(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        Optional<String> fingerprint = NodeRequests.viewBody(JsonBody.readObject(req));
        Responses.json(res, Status.OK_200, engagement.registerView(caller, ref(req), fingerprint));
    }

    private void viewHistory(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        int days = QueryParams.of(req).integer("days", 30, 1, 90);
        Responses.json(res, Status.OK_200, engagement.viewHistory(caller, ref(req), days));
    }

    private void like(ServerRequest req, ServerResponse res, boolean liked) {
        Caller caller = auth.authenticate(req);
        Responses.json(res, Status.OK_200, engagement.like(caller, ref(req), liked));
    }

    private void refreshEmbedding(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        long id = nodes.refreshEmbedding(caller, ref(req));
        Responses.json(res, Status.ACCEPTED_202, Map.of("id", id, "embedding_status", "pending"));
    }

    private Page<Node> page(List<Node> rows, int limit, String scope) {
        boolean more = rows.size() > limit;
        List<Node> items = more ? rows.subList(0, limit) : rows;
        String next =
                more ? cursors.encode(scope, String.valueOf(items.getLast().id())) : null;
        return new Page<>(items, next);
    }

    private static void sendRepresentation(ServerResponse res, NodeService.Representation representation) {
        res.header(HeaderNames.ETAG, representation.header().etag());
        Responses.sendJson(res, Status.OK_200, representation.json());
    }

    private static void sendNode(ServerResponse res, Status status, Node node) {
        res.header(HeaderNames.ETAG, NodeHeader.of(node).etag());
        Responses.json(res, status, node);
    }

    private static NodeRef ref(ServerRequest req) {
        return NodeRef.parse(req.path().pathParameters().get("ref"));
    }

    private static Optional<String> ifMatch(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH);
    }
}
