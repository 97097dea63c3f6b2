package dev.nodes.service.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.http.BodyFields;
import dev.nodes.service.http.Cursors;
import dev.nodes.service.http.Json;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.PathIds;
import dev.nodes.service.http.QueryParams;
import dev.nodes.service.http.Responses;
import dev.nodes.service.http.TimeKeyset;
import dev.nodes.service.notifications.NotificationRepository.NewNotification;
import dev.nodes.service.notifications.NotificationRepository.SendResult;
import dev.nodes.service.notifications.broadcasts.BroadcastRoutes;
import dev.nodes.service.notifications.broadcasts.BroadcastService;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/notifications}: the caller's inbox and banner, read state, and the admin direct send. */
public final class NotificationRoutes implements HttpService {
    private static final String LIST_SCOPE = "notifications";
    private static final Set<String> SEND_FIELDS =
            Set.of("user_id", "title", "message", "placement", "priority", "topic", "cta_url", "meta", "event_id");

    private final Authenticator authenticator;
    private final NotificationService notifications;
    private final Cursors cursors;
    private final HttpService broadcastRoutes;

    public NotificationRoutes(
            Authenticator authenticator,
            NotificationService notifications,
            Cursors cursors,
            HttpService broadcastRoutes) {
        this.authenticator = authenticator;
        this.notifications = notifications;
        this.cursors = cursors;
        this.broadcastRoutes = broadcastRoutes;
    }

    /** The whole {@code /v1/notifications} tree, broadcast administration included. */
    public static NotificationRoutes create(
            Database database, Authenticator authenticator, Cursors cursors, NotificationMetrics metrics) {
        return new NotificationRoutes(
                authenticator,
                new NotificationService(database),
                cursors,
                new BroadcastRoutes(authenticator, new BroadcastService(database), cursors, metrics));
    }

    @Override
    public void routing(HttpRules rules) {
        // each path answers its other methods with 405, not 404 (the path exists)
        rules.get("/", this::list)
                .any("/", MethodNotAllowed.handler())
                .get("/unread-count", this::unreadCount)
                .any("/unread-count", MethodNotAllowed.handler())
                .post("/read-all", this::readAll)
                .any("/read-all", MethodNotAllowed.handler())
                .post("/admin/send", this::adminSend)
                .any("/admin/send", MethodNotAllowed.handler())
                .register("/admin/broadcasts", broadcastRoutes)
                .post("/{id}/read", this::read)
                .any("/{id}/read", MethodNotAllowed.handler());
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.authenticate(req);
        QueryParams query = QueryParams.of(req);
        String placement = placement(query).orElse("inbox");
        boolean unreadOnly = query.bool("unread_only").orElse(false);
        int limit = query.limit();
        NotificationRepository.Inbox inbox = notifications.inbox(
                caller.userId(), placement, unreadOnly, TimeKeyset.after(cursors, query, LIST_SCOPE), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", inbox.page().items());
        body.put("unread_count", inbox.unread());
        body.put(
                "next_cursor",
                inbox.page().next().map(p -> p.cursor(cursors, LIST_SCOPE)).orElse(null));
        Responses.json(res, Status.OK_200, body);
    }

    private void unreadCount(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.authenticate(req);
        String placement = placement(QueryParams.of(req)).orElse("inbox");
        Responses.json(
                res, Status.OK_200, Map.of("unread_count", notifications.unreadCount(caller.userId(), placement)));
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.authenticate(req);
        UUID id = PathIds.uuid(req, "notification");
        Notification notification = notifications.markRead(caller.userId(), id);
        Responses.json(res, Status.OK_200, notification);
    }

    /** {@code placement} as query parameter or body field; without it every placement is marked read. */
    private void readAll(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.authenticate(req);
        Optional<String> fromQuery = placement(QueryParams.of(req));
        ObjectNode json = JsonBody.readObject(req);
        BodyFields body = new BodyFields(json, Set.of("placement"));
        Optional<String> fromBody = body.oneOf("placement", NotificationVocabulary.PLACEMENTS);
        if (fromQuery.isPresent() && fromBody.isPresent() && !fromQuery.equals(fromBody)) {
            body.reject("placement", "differs from the placement query parameter");
        }
        body.validate();
        long updated = notifications.markAllRead(caller.userId(), fromQuery.or(() -> fromBody));
        Responses.json(res, Status.OK_200, Map.of("updated", updated));
    }

    private void adminSend(ServerRequest req, ServerResponse res) {
        Caller caller = authenticator.authenticate(req).requireAdmin();
        BodyFields body = new BodyFields(JsonBody.readObject(req), SEND_FIELDS);
        Optional<UUID> userId = body.uuid("user_id");
        if (!body.has("user_id") || body.isNull("user_id")) {
            body.reject("user_id", "is required");
        }
        Optional<String> title = body.requiredString("title", NotificationVocabulary.TITLE_MAX);
        Optional<String> message = body.requiredString("message", NotificationVocabulary.MESSAGE_MAX);
        String placement =
                body.oneOf("placement", NotificationVocabulary.PLACEMENTS).orElse("inbox");
        String priority =
                body.oneOf("priority", NotificationVocabulary.PRIORITIES).orElse("normal");
        Optional<String> topic = body.string("topic", NotificationVocabulary.TOPIC_MAX);
        Optional<String> ctaUrl = body.string("cta_url", NotificationVocabulary.URL_MAX);
        ctaUrl.filter(url -> !isWebUrl(url))
                .ifPresent(url -> body.reject("cta_url", "must be an absolute http(s) URL"));
        Optional<ObjectNode> meta = body.object("meta");
        Optional<String> eventId = body.string("event_id", NotificationVocabulary.EVENT_ID_MAX);
        eventId.filter(String::isBlank).ifPresent(e -> body.reject("event_id", "must not be blank"));
        body.validate();

        SendResult result = notifications.send(new NewNotification(
                userId.orElseThrow(),
                title.orElseThrow(),
                message.orElseThrow(),
                placement,
                priority,
                topic.orElse(null),
                ctaUrl.orElse(null),
                Json.write(meta.orElseGet(Json.MAPPER::createObjectNode)),
                eventId.orElse(null),
                caller.userId()));
        Responses.json(res, result.created() ? Status.CREATED_201 : Status.OK_200, result.notification());
    }

    private static Optional<String> placement(QueryParams query) {
        return query.oneOf("placement", NotificationVocabulary.PLACEMENTS);
    }

    static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
