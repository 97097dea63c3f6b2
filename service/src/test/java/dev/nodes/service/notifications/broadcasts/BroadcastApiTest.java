package dev.nodes.service.notifications.broadcasts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin broadcast endpoints and their status rules, with the worker of this service running. */
class BroadcastApiTest {
    private static final String ADMIN_SUBJECT = "broadcast-admin";
    private static final String ADMIN = TestService.token(ADMIN_SUBJECT, Role.ADMIN);
    private static final String BASE = "/v1/notifications/admin/broadcasts";
    private static final String ALL = "\"audience\": {\"type\": \"all_users\"}";
    private static TestService service;
    private static HttpTestClient http;
    private static Sql sql;

    @BeforeAll
    static void start() {
        service = TestService.start(Map.of("APP_NOTIFICATIONS_POLL_MS", "50", "APP_NOTIFICATIONS_BATCH_SIZE", "2"));
        http = service.http();
        sql = new Sql(service.database());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** A broadcast due far in the future, so the running worker leaves it alone. */
    private static JsonNode scheduledLater(String title) {
        Response created = http.post(BASE, ADMIN, """
                {"title": "%s", "message": "m", %s, "scheduled_at": "2099-01-01T00:00:00Z"}""".formatted(title, ALL));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void createGetListReplaceAndCancelFollowTheStatusRules() {
        Response draft = http.post(BASE, ADMIN, """
                {"title": "Draft", "message": "m", "placement": "banner", "priority": "urgent",
                 "audience": {"type": "explicit_users", "user_ids": ["%s", "%<s"]}}""".formatted(UUID.randomUUID()));
        assertEquals(201, draft.status(), draft.body());
        JsonNode body = draft.json();
        String id = body.path("id").asText();
        assertEquals(BASE + "/" + id, draft.header("Location"));
        assertEquals("draft", body.path("status").asText());
        assertEquals("banner", body.path("placement").asText());
        assertEquals(1, body.path("audience").path("user_ids").size(), "ids de-duplicated");
        assertEquals(
                UserIds.fromSubject(ADMIN_SUBJECT).toString(),
                body.path("created_by").asText());
        for (String field : List.of("scheduled_at", "started_at", "finished_at")) {
            assertTrue(body.path(field).isNull(), field);
        }
        assertEquals(0, body.path("total").asInt());
        assertEquals(200, http.get(BASE + "/" + id, ADMIN).status());

        JsonNode scheduled = scheduledLater("Later");
        assertEquals("scheduled", scheduled.path("status").asText());
        assertEquals("2099-01-01T00:00:00.000Z", scheduled.path("scheduled_at").asText());

        Response replaced = http.put(BASE + "/" + id, ADMIN, """
                {"title": "Draft v2", "message": "m2", %s, "scheduled_at": "2099-02-01T10:00:00+02:00"}""".formatted(ALL));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("scheduled", replaced.json().path("status").asText());
        assertEquals(
                "2099-02-01T08:00:00.000Z", replaced.json().path("scheduled_at").asText());
        assertEquals("inbox", replaced.json().path("placement").asText(), "PUT replaces: defaults apply again");

        Response listed = http.get(BASE + "?status=scheduled&status=draft,cancelled&limit=1", ADMIN);
        assertEquals(200, listed.status(), listed.body());
        assertEquals(1, listed.json().path("items").size());
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            Response page =
                    http.get(BASE + "?status=scheduled&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN);
            page.json().path("items").forEach(item -> {
                assertEquals("scheduled", item.path("status").asText());
                all.add(item.path("id").asText());
            });
            cursor = page.json().path("next_cursor").isNull()
                    ? null
                    : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertTrue(all.contains(id) && all.contains(scheduled.path("id").asText()), all.toString());
        assertEquals(all.stream().distinct().count(), all.size());

        Response cancelled = http.post(BASE + "/" + id + "/cancel", ADMIN, null);
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().path("status").asText());
        expect(409, "invalid_status", http.post(BASE + "/" + id + "/cancel", ADMIN, null));
        expect(409, "invalid_status", http.post(BASE + "/" + id + "/send-now", ADMIN, null));
        expect(
                409,
                "invalid_status",
                http.put(BASE + "/" + id, ADMIN, "{\"title\": \"t\", \"message\": \"m\", " + ALL + "}"));
        assertEquals(
                "Draft v2",
                http.get(BASE + "/" + id, ADMIN).json().path("title").asText());

        String sending = scheduledLater("Held by a worker").path("id").asText();
        sql.execute("UPDATE broadcasts SET status = 'sending' WHERE id = ?::uuid", sending);
        expect(
                409,
                "invalid_status",
                http.put(BASE + "/" + sending, ADMIN, "{\"title\": \"t\", \"message\": \"m\", " + ALL + "}"));
        expect(409, "invalid_status", http.post(BASE + "/" + sending + "/cancel", ADMIN, null));
        expect(409, "invalid_status", http.post(BASE + "/" + sending + "/send-now", ADMIN, null));
        sql.execute("UPDATE broadcasts SET status = 'cancelled' WHERE id = ?::uuid", sending);
    }

    @Test
    void sendNowIsDeliveredToAllKnownUsersByTheWorker() {
        for (String subject : List.of("bc-alice", "bc-bob", "bc-carol")) {
            assertEquals(
                    200,
                    http.get("/v1/notifications", TestService.token(subject, Role.USER))
                            .status());
        }
        String id = scheduledLater("Hello everyone").path("id").asText();
        Response accepted = http.post(BASE + "/" + id + "/send-now", ADMIN, null);
        assertEquals(202, accepted.status(), accepted.body());
        Instant scheduledAt = Instant.parse(accepted.json().path("scheduled_at").asText());
        assertTrue(Duration.between(scheduledAt, Instant.now()).abs().toSeconds() < 30);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> http.get(BASE + "/" + id, ADMIN)
                        .json()
                        .path("status")
                        .asText()
                        .equals("sent"));
        JsonNode sent = http.get(BASE + "/" + id, ADMIN).json();
        long users = sql.count("users");
        assertEquals(users, sent.path("total").asLong());
        assertEquals(users, sent.path("sent").asLong());
        assertEquals(0, sent.path("failed").asLong());
        assertTrue(
                !sent.path("started_at").isNull() && !sent.path("finished_at").isNull());

        JsonNode inbox = http.get("/v1/notifications", TestService.token("bc-bob", Role.USER))
                .json();
        JsonNode item = inbox.path("items").get(0);
        assertEquals("Hello everyone", item.path("title").asText());
        assertEquals(
                "broadcast:" + id + ":" + UserIds.fromSubject("bc-bob"),
                item.path("event_id").asText());

        String metrics = http.get("/metrics", null).body();
        assertTrue(metrics.contains("notifications_broadcasts_total{status=\"sent\"}"), metrics);
        assertTrue(metrics.contains("notifications_broadcast_receipts_total{result=\"delivered\"}"));
        assertTrue(metrics.contains("notifications_broadcast_seconds_bucket"));
        assertTrue(metrics.contains("notifications_broadcast_lag_seconds "));
    }

    @Test
    void rejectedRequestsChangeNothing() {
        String id = scheduledLater("Untouched").path("id").asText();
        Map<String, Long> before = sql.counts("broadcasts", "notifications", "notification_receipts");
        String updatedBefore = sql.string("SELECT updated_at::text FROM broadcasts WHERE id = ?::uuid", id);
        String user = TestService.token("bc-plain-user", Role.USER);
        String valid = "{\"title\": \"t\", \"message\": \"m\", " + ALL + "}";

        for (String path : List.of(BASE, BASE + "/" + id)) {
            expect(401, "unauthenticated", http.get(path, null));
            expect(403, "forbidden", http.get(path, user));
            expect(403, "forbidden", http.get(path, TestService.token("bc-mod", Role.MODERATOR)));
        }
        expect(403, "forbidden", http.post(BASE, user, valid));
        expect(403, "forbidden", http.put(BASE + "/" + id, user, valid));
        expect(403, "forbidden", http.post(BASE + "/" + id + "/send-now", user, null));
        expect(403, "forbidden", http.post(BASE + "/" + id + "/cancel", user, null));

        List<String> badBodies = List.of(
                "{}",
                "{\"title\": \"t\", \"message\": \"m\"}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": \"all_users\"}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"everyone\"}}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"explicit_users\"}}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"explicit_users\", \"user_ids\": []}}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"explicit_users\", \"user_ids\": [\"x\"]}}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"all_users\", \"user_ids\": []}}",
                "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"all_users\", \"segment\": 1}}",
                "{\"title\": \"t\", \"message\": \"m\", " + ALL + ", \"scheduled_at\": \"tomorrow\"}",
                "{\"title\": \"t\", \"message\": \"m\", " + ALL + ", \"scheduled_at\": 1700000000}",
                "{\"title\": \"t\", \"message\": \"m\", " + ALL + ", \"status\": \"sent\"}",
                "{\"title\": 1, \"message\": \"m\", " + ALL + "}",
                "{\"title\": \"t\", \"message\": \"m\", " + ALL + ", \"priority\": \"critical\"}");
        for (String bad : badBodies) {
            expect(400, "invalid_payload", http.post(BASE, ADMIN, bad));
            expect(400, "invalid_payload", http.put(BASE + "/" + id, ADMIN, bad));
        }
        expect(400, "invalid_json", http.post(BASE, ADMIN, "{\"title\""));
        expect(400, "invalid_json", http.put(BASE + "/" + id, ADMIN, "{\"title\""));
        expect(415, "unsupported_media_type", http.send("POST", BASE, ADMIN, valid, "text/plain"));
        expect(
                413,
                "payload_too_large",
                http.post(BASE, ADMIN, valid.replace("\"m\"", "\"" + "x".repeat(1024 * 1024 + 1) + "\"")));
        for (String query : List.of("status=bogus", "status=sent,", "limit=0", "limit=x", "cursor=abc", "cursor=a.b")) {
            expect(400, "invalid_query", http.get(BASE + "?" + query, ADMIN));
        }
        String unknown = BASE + "/" + UUID.randomUUID();
        expect(404, "not_found", http.get(unknown, ADMIN));
        expect(404, "not_found", http.put(unknown, ADMIN, valid));
        expect(404, "not_found", http.post(unknown + "/send-now", ADMIN, null));
        expect(404, "not_found", http.post(unknown + "/cancel", ADMIN, null));
        expect(404, "not_found", http.get(BASE + "/not-a-uuid", ADMIN));

        assertEquals(before, sql.counts("broadcasts", "notifications", "notification_receipts"));
        assertEquals(updatedBefore, sql.string("SELECT updated_at::text FROM broadcasts WHERE id = ?::uuid", id));
        assertEquals("scheduled", sql.string("SELECT status FROM broadcasts WHERE id = ?::uuid", id));
    }

    private static void expect(int status, String code, Response response) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(code, response.errorCode(), response.toString());
    }
}
