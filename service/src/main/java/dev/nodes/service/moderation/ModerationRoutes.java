package dev.nodes.service.moderation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.BodyFields;
import dev.nodes.service.http.Cursors;
import dev.nodes.service.http.Json;
import dev.nodes.service.http.JsonBody;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.PathIds;
import dev.nodes.service.http.QueryParams;
import dev.nodes.service.http.Responses;
import dev.nodes.service.http.TimeKeyset;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@code /v1/moderation}: cases, for moderators and admins. */
public final class ModerationRoutes implements HttpService {
    private static final String LIST_SCOPE = "moderation_cases";
    private static final String BASE_PATH = "/v1/moderation/cases/";

    private final Authenticator authenticator;
    private final ModerationService moderation;
    private final Cursors cursors;

    public ModerationRoutes(Authenticator authenticator, ModerationService moderation, Cursors cursors) {
        this.authenticator = authenticator;
        this.moderation = moderation;
        this.cursors = cursors;
    }

    public static ModerationRoutes create(Database database, Authenticator authenticator, Cursors cursors) {
        return new ModerationRoutes(authenticator, new ModerationService(database), cursors);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/cases", this::list)
                .post("/cases", this::create)
                .any("/cases", MethodNotAllowed.handler())
                .get("/cases/{id}", this::get)
                .patch("/cases/{id}", this::patch)
                .any("/cases/{id}", MethodNotAllowed.handler())
                .post("/cases/{id}/notes", this::addNote)
                .any("/cases/{id}/notes", MethodNotAllowed.handler());
    }

    private void list(ServerRequest req, ServerResponse res) {
        moderator(req);
        QueryParams query = QueryParams.of(req);
        CaseFilter filter = CaseFilter.from(query);
        int limit = query.limit();
        ModerationRepository.Slice slice = moderation.list(filter, TimeKeyset.after(cursors, query, LIST_SCOPE), limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", slice.items());
        body.put(
                "next_cursor",
                slice.next().map(p -> p.cursor(cursors, LIST_SCOPE)).orElse(null));
        Responses.json(res, Status.OK_200, body);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = moderator(req);
        Map<String, CaseInput.Value> values = CaseInput.parse(JsonBody.readObject(req), CaseInput.CREATE_FIELDS, true);
        ModerationCase created = moderation.create(values, caller.userId());
        res.header(HeaderNames.LOCATION, BASE_PATH + created.id());
        Responses.json(res, Status.CREATED_201, created);
    }

    private void get(ServerRequest req, ServerResponse res) {
        moderator(req);
        ModerationRepository.Detail detail =
                moderation.detail(PathIds.uuid(req, "case")).orElseThrow(() -> ApiException.notFound("case"));
        ObjectNode body = Json.MAPPER.valueToTree(detail.moderationCase());
        body.set("notes", Json.MAPPER.valueToTree(detail.notes()));
        body.set("history", Json.MAPPER.valueToTree(detail.history()));
        Responses.json(res, Status.OK_200, body);
    }

    private void patch(ServerRequest req, ServerResponse res) {
        Caller caller = moderator(req);
        UUID id = PathIds.uuid(req, "case");
        Map<String, CaseInput.Value> values = CaseInput.parse(JsonBody.readObject(req), CaseInput.PATCH_FIELDS, false);
        ModerationCase updated =
                moderation.patch(id, values, caller.userId()).orElseThrow(() -> ApiException.notFound("case"));
        Responses.json(res, Status.OK_200, updated);
    }

    private void addNote(ServerRequest req, ServerResponse res) {
        Caller caller = moderator(req);
        UUID id = PathIds.uuid(req, "case");
        BodyFields body = new BodyFields(JsonBody.readObject(req), Set.of("text", "pinned"));
        Optional<String> text = body.requiredString("text", CaseVocabulary.NOTE_MAX);
        boolean pinned = body.bool("pinned").orElse(false);
        body.validate();
        CaseNote note = moderation
                .addNote(id, text.orElseThrow(), pinned, caller.userId())
                .orElseThrow(() -> ApiException.notFound("case"));
        Responses.json(res, Status.CREATED_201, note);
    }

    private Caller moderator(ServerRequest req) {
        return authenticator.authenticate(req).requireModerator();
    }
}
