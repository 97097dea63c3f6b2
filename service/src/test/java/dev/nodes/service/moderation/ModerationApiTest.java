package dev.nodes.service.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModerationApiTest {
    private static final String MODERATOR_SUBJECT = "mod-1";
    private static final String MODERATOR = TestService.token(MODERATOR_SUBJECT, Role.MODERATOR);
    private static final String ADMIN = TestService.token("mod-admin", Role.ADMIN);
    private static final String CASES = "/v1/moderation/cases";
    private static TestService service;
    private static HttpTestClient http;
    private static Sql sql;

    @BeforeAll
    static void start() {
        service = TestService.start(Map.of("APP_WORKERS_ENABLED", "false"));
        http = service.http();
        sql = new Sql(service.database());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode create(String json) {
        Response created = http.post(CASES, MODERATOR, json);
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void createGetPatchWithHistoryAndNotes() {
        UUID assignee = UUID.randomUUID();
        Response created = http.post(CASES, MODERATOR, """
                {"title": " Spam report ", "description": "links everywhere", "type": "Spam", "status": "OPEN",
                 "queue": "Trust-Safety", "priority": "high", "assignee_id": "%s", "subject_id": "node:42",
                 "subject_type": "node", "tags": ["Links", "links", " bot "], "metadata": {"source": "report"}}""".formatted(assignee));
        assertEquals(201, created.status(), created.body());
        JsonNode body = created.json();
        String id = body.path("id").asText();
        assertEquals(CASES + "/" + id, created.header("Location"));
        assertEquals("Spam report", body.path("title").asText());
        assertEquals("open", body.path("status").asText());
        assertEquals("Spam", body.path("type").asText(), "type and queue are kept as given");
        assertEquals("Trust-Safety", body.path("queue").asText());
        assertEquals(assignee.toString(), body.path("assignee_id").asText());
        assertEquals("[\"links\",\"bot\"]", body.path("tags").toString());
        assertEquals("report", body.path("metadata").path("source").asText());
        assertEquals(
                UserIds.fromSubject(MODERATOR_SUBJECT).toString(),
                body.path("created_by").asText());

        JsonNode defaults = create("{\"title\": \"Defaults\"}");
        assertEquals("open", defaults.path("status").asText());
        assertEquals("general", defaults.path("type").asText());
        assertEquals("default", defaults.path("queue").asText());
        assertEquals("normal", defaults.path("priority").asText());
        assertEquals("", defaults.path("description").asText());
        assertTrue(defaults.path("assignee_id").isNull());

        Response patched = http.patch(CASES + "/" + id, ADMIN, """
                {"status": "In_Review", "priority": "high", "assignee_id": null, "tags": ["bot"], "title": "Spam report"}""");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("in_review", patched.json().path("status").asText());
        assertTrue(patched.json().path("assignee_id").isNull());

        Response note = http.post(
                CASES + "/" + id + "/notes", MODERATOR, "{\"text\": \"checked the links\", \"pinned\": true}");
        assertEquals(201, note.status(), note.body());
        assertTrue(note.json().path("pinned").asBoolean());
        assertEquals(id, note.json().path("case_id").asText());
        http.post(CASES + "/" + id + "/notes", MODERATOR, "{\"text\": \"second\"}");

        JsonNode detail = http.get(CASES + "/" + id, MODERATOR).json();
        assertEquals(2, detail.path("notes").size());
        assertEquals(
                "checked the links", detail.path("notes").get(0).path("text").asText());
        JsonNode history = detail.path("history");
        assertEquals(3, history.size(), "status, assignee_id and tags changed; priority and title did not: " + history);
        assertEquals("status", history.get(0).path("field").asText());
        assertEquals("open", history.get(0).path("from").asText());
        assertEquals("in_review", history.get(0).path("to").asText());
        assertEquals(
                UserIds.fromSubject("mod-admin").toString(),
                history.get(0).path("actor").asText());
        assertTrue(history.get(0).has("at"));
        assertEquals("assignee_id", history.get(1).path("field").asText());
        assertEquals(assignee.toString(), history.get(1).path("from").asText());
        assertTrue(history.get(1).path("to").isNull());
        assertEquals("[\"links\",\"bot\"]", history.get(2).path("from").toString());

        String updatedAt = detail.path("updated_at").asText();
        Response unchanged = http.patch(CASES + "/" + id, MODERATOR, "{\"status\": \"in_review\"}");
        assertEquals(200, unchanged.status());
        assertEquals(updatedAt, unchanged.json().path("updated_at").asText(), "no change, no write");
        assertEquals(
                3, http.get(CASES + "/" + id, MODERATOR).json().path("history").size());
    }

    @Test
    void listFiltersCaseInsensitivelyWithListsAndSearchNewestFirst() {
        String queue = "Queue-" + UUID.randomUUID().toString().substring(0, 6);
        UUID assignee = UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        String[][] cases = {
            {"open", "Spam", "Billing 100% refund"},
            {"escalated", "abuse", "Harassment in comments"},
            {"resolved", "SPAM", "Old spam wave"},
            {"open", "fraud", "Card_testing attempt"},
        };
        for (String[] c : cases) {
            ids.add(create("""
                    {"title": "%s", "status": "%s", "type": "%s", "queue": "%s", "assignee_id": "%s"}""".formatted(c[2], c[0], c[1], queue, assignee))
                    .path("id")
                    .asText());
        }
        String q = "queue=" + queue.toUpperCase();

        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1), ids.get(0)), list(CASES + "?" + q));
        assertEquals(List.of(ids.get(2), ids.get(0)), list(CASES + "?" + q + "&type=spam"));
        assertEquals(List.of(ids.get(3), ids.get(1), ids.get(0)), list(CASES + "?" + q + "&status=OPEN,Escalated"));
        assertEquals(List.of(ids.get(3), ids.get(0)), list(CASES + "?" + q + "&status=open&status=open"));
        assertEquals(
                List.of(ids.get(2), ids.get(1), ids.get(0)),
                list(CASES + "?" + q + "&type=spam,ABUSE&assignee=" + assignee + "," + UUID.randomUUID()));
        assertEquals(List.of(), list(CASES + "?" + q + "&assignee=" + UUID.randomUUID()));
        assertEquals(List.of(ids.get(0)), list(CASES + "?" + q + "&q=100%25"), "% is literal");
        assertEquals(List.of(ids.get(3)), list(CASES + "?" + q + "&q=card_t"), "_ is literal");
        assertEquals(List.of(ids.get(2)), list(CASES + "?" + q + "&q=SPAM%20WAVE"));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response page =
                    http.get(CASES + "?" + q + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), MODERATOR);
            page.json().path("items").forEach(item -> paged.add(item.path("id").asText()));
            cursor = page.json().path("next_cursor").isNull()
                    ? null
                    : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertEquals(list(CASES + "?" + q), paged);
    }

    private static List<String> list(String path) {
        Response listed = http.get(path, MODERATOR);
        assertEquals(200, listed.status(), listed.body());
        List<String> ids = new ArrayList<>();
        listed.json().path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    @Test
    void rejectedRequestsChangeNothing() {
        String id = create("{\"title\": \"Target\"}").path("id").asText();
        Map<String, Long> before = sql.counts("moderation_cases", "moderation_case_notes", "moderation_case_history");
        String snapshot = sql.string("SELECT row_to_json(c)::text FROM moderation_cases c WHERE id = ?::uuid", id);
        String user = TestService.token("mod-plain", Role.USER);
        String one = CASES + "/" + id;

        for (String token : new String[] {null, "garbage"}) {
            expect(401, "unauthenticated", http.get(CASES, token));
            expect(401, "unauthenticated", http.post(CASES, token, "{\"title\": \"x\"}"));
            expect(401, "unauthenticated", http.patch(one, token, "{\"title\": \"x\"}"));
        }
        expect(403, "forbidden", http.get(CASES, user));
        expect(403, "forbidden", http.post(CASES, user, "{\"title\": \"x\"}"));
        expect(403, "forbidden", http.get(one, user));
        expect(403, "forbidden", http.patch(one, user, "{\"title\": \"x\"}"));
        expect(403, "forbidden", http.post(one + "/notes", user, "{\"text\": \"x\"}"));

        for (String bad : List.of(
                "{}",
                "{\"title\": \"\"}",
                "{\"title\": 3}",
                "{\"title\": \"x\", \"status\": \"closed\"}",
                "{\"title\": \"x\", \"priority\": \"p1\"}",
                "{\"title\": \"x\", \"type\": \"  \"}",
                "{\"title\": \"x\", \"queue\": \"" + "q".repeat(65) + "\"}",
                "{\"title\": \"x\", \"assignee_id\": \"bob\"}",
                "{\"title\": \"x\", \"tags\": \"spam\"}",
                "{\"title\": \"x\", \"tags\": [\"no spaces\"]}",
                "{\"title\": \"x\", \"metadata\": [1]}",
                "{\"title\": \"x\", \"owner\": \"me\"}",
                "{\"title\": \"x\", \"status\": null}")) {
            expect(400, "invalid_payload", http.post(CASES, MODERATOR, bad));
        }
        // PostgreSQL's jsonb holds no NUL: in a value, a key, a nested object or an array, it is the client's error
        for (String metadata : List.of(
                "{\"a\": \"x\\u0000y\"}",
                "{\"a\\u0000\": 1}",
                "{\"a\": {\"b\": [\"ok\", \"\\u0000\"]}}",
                "{\"a\": [{\"k\\u0000\": true}]}")) {
            expect(
                    400,
                    "invalid_payload",
                    http.post(CASES, MODERATOR, "{\"title\": \"x\", \"metadata\": " + metadata + "}"));
            expect(400, "invalid_payload", http.patch(one, MODERATOR, "{\"metadata\": " + metadata + "}"));
        }
        for (String bad : List.of(
                "{\"title\": null}",
                "{\"type\": \"other\"}",
                "{\"status\": \"closed\"}",
                "{\"description\": 5}",
                "{\"created_by\": \"x\"}",
                "{\"tags\": [1]}",
                "{\"metadata\": null}",
                "{\"status\": \"resolved\", \"priority\": \"p9\"}")) {
            expect(400, "invalid_payload", http.patch(one, MODERATOR, bad));
        }
        expect(405, "method_not_allowed", http.send("PUT", CASES, MODERATOR, "{}", "application/json"));
        expect(405, "method_not_allowed", http.send("DELETE", one, MODERATOR, null, null));
        expect(405, "method_not_allowed", http.send("GET", one + "/notes", MODERATOR, null, null));
        expect(400, "invalid_json", http.post(CASES, MODERATOR, "{\"title\": "));
        expect(400, "invalid_json", http.patch(one, MODERATOR, "nope"));
        expect(415, "unsupported_media_type", http.send("PATCH", one, MODERATOR, "{\"title\": \"x\"}", "text/plain"));
        expect(
                413,
                "payload_too_large",
                http.post(
                        CASES, MODERATOR, "{\"title\": \"x\", \"description\": \"" + "d".repeat(1024 * 1024) + "\"}"));
        expect(400, "invalid_payload", http.post(one + "/notes", MODERATOR, "{}"));
        expect(400, "invalid_payload", http.post(one + "/notes", MODERATOR, "{\"text\": \"x\", \"pinned\": \"yes\"}"));
        expect(400, "invalid_payload", http.post(one + "/notes", MODERATOR, "{\"text\": \"x\", \"author\": \"y\"}"));

        for (String query : List.of(
                "status=closed", "status=open,", "assignee=bob", "limit=500", "cursor=zzz", "q=" + "x".repeat(201))) {
            expect(400, "invalid_query", http.get(CASES + "?" + query, MODERATOR));
        }
        String other = UUID.randomUUID().toString();
        expect(404, "not_found", http.get(CASES + "/" + other, MODERATOR));
        expect(404, "not_found", http.patch(CASES + "/" + other, MODERATOR, "{\"title\": \"x\"}"));
        expect(404, "not_found", http.post(CASES + "/" + other + "/notes", MODERATOR, "{\"text\": \"x\"}"));
        expect(404, "not_found", http.get(CASES + "/not-a-uuid", MODERATOR));

        assertEquals(before, sql.counts("moderation_cases", "moderation_case_notes", "moderation_case_history"));
        assertEquals(
                snapshot, sql.string("SELECT row_to_json(c)::text FROM moderation_cases c WHERE id = ?::uuid", id));
    }

    private static void expect(int status, String code, Response response) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(code, response.errorCode(), response.toString());
    }
}
