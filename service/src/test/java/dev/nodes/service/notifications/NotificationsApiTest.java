package dev.nodes.service.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NotificationsApiTest {
    private static final String ADMIN = TestService.token("notif-admin", Role.ADMIN);
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

    private static String user(String subject) {
        return TestService.token(subject, Role.USER);
    }

    private static JsonNode send(String subject, String title, String placement) {
        Response sent = http.post(
                "/v1/notifications/admin/send", ADMIN, """
                {"user_id": "%s", "title": "%s", "message": "m", "placement": "%s", "priority": "high",
                 "topic": "news", "cta_url": "https://example.org/x", "meta": {"k": 1}}""".formatted(UserIds.fromSubject(subject), title, placement));
        assertEquals(201, sent.status(), sent.body());
        return sent.json();
    }

    @Test
    void ownerListsNewestFirstWithKeysetPagesAndUnreadCount() {
        String owner = "list-owner";
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            titles.addFirst(send(owner, "inbox " + i, "inbox").path("title").asText());
        }
        send(owner, "banner 1", "banner");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page =
                    http.get("/v1/notifications?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), user(owner));
            assertEquals(200, page.status(), page.body());
            assertEquals(5, page.json().path("unread_count").asLong());
            page.json()
                    .path("items")
                    .forEach(item -> seen.add(item.path("title").asText()));
            cursor = page.json().path("next_cursor").isNull()
                    ? null
                    : page.json().path("next_cursor").asText();
        } while (cursor != null);
        assertEquals(titles, seen, "newest first, every item exactly once");

        JsonNode item = http.get("/v1/notifications?limit=1", user(owner))
                .json()
                .path("items")
                .get(0);
        assertEquals(UserIds.fromSubject(owner).toString(), item.path("user_id").asText());
        assertEquals("inbox", item.path("placement").asText());
        assertEquals("high", item.path("priority").asText());
        assertEquals("news", item.path("topic").asText());
        assertEquals("https://example.org/x", item.path("cta_url").asText());
        assertEquals(1, item.path("meta").path("k").asInt());
        assertFalse(item.path("is_read").asBoolean());
        assertTrue(item.path("read_at").isNull());
        assertTrue(item.path("event_id").isNull());
        assertTrue(item.path("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

        Response banner = http.get("/v1/notifications?placement=banner", user(owner));
        assertEquals(1, banner.json().path("items").size());
        assertEquals(1, banner.json().path("unread_count").asLong());
        Response empty = http.get("/v1/notifications", user("someone-else"));
        assertEquals(0, empty.json().path("items").size());
        assertEquals(0, empty.json().path("unread_count").asLong());
        assertTrue(empty.json().path("next_cursor").isNull(), empty.body());
    }

    @Test
    void readKeepsTheFirstReadAtAndSomeoneElsesIsNotFound() {
        String owner = "read-owner";
        String id = send(owner, "to read", "inbox").path("id").asText();
        Response first = http.post("/v1/notifications/" + id + "/read", user(owner), null);
        assertEquals(200, first.status(), first.body());
        assertTrue(first.json().path("is_read").asBoolean());
        String readAt = first.json().path("read_at").asText();
        assertNotNull(readAt);
        Response second = http.post("/v1/notifications/" + id + "/read", user(owner), null);
        assertEquals(readAt, second.json().path("read_at").asText());

        String other = send(owner, "not yours", "inbox").path("id").asText();
        Response stranger = http.post("/v1/notifications/" + other + "/read", user("stranger"), null);
        assertEquals(404, stranger.status());
        assertEquals("not_found", stranger.errorCode());
        assertFalse(sqlBool("SELECT is_read FROM notification_receipts WHERE id = ?::uuid", other));
        assertEquals(
                404,
                http.post("/v1/notifications/" + UUID.randomUUID() + "/read", user(owner), null)
                        .status());
        assertEquals(
                404,
                http.post("/v1/notifications/not-a-uuid/read", user(owner), null)
                        .status());
    }

    @Test
    void unreadOnlyUnreadCountAndReadAllPerPlacement() {
        String owner = "read-all-owner";
        String read = send(owner, "a", "inbox").path("id").asText();
        send(owner, "b", "inbox");
        send(owner, "c", "banner");
        http.post("/v1/notifications/" + read + "/read", user(owner), null);

        Response unread = http.get("/v1/notifications?unread_only=true", user(owner));
        assertEquals(1, unread.json().path("items").size());
        assertEquals("b", unread.json().path("items").get(0).path("title").asText());
        assertEquals(
                1,
                http.get("/v1/notifications/unread-count", user(owner))
                        .json()
                        .path("unread_count")
                        .asLong());
        assertEquals(
                1,
                http.get("/v1/notifications/unread-count?placement=banner", user(owner))
                        .json()
                        .path("unread_count")
                        .asLong());

        Response inboxOnly = http.post("/v1/notifications/read-all?placement=inbox", user(owner), null);
        assertEquals(200, inboxOnly.status(), inboxOnly.body());
        assertEquals(1, inboxOnly.json().path("updated").asLong());
        assertEquals(
                1,
                http.get("/v1/notifications/unread-count?placement=banner", user(owner))
                        .json()
                        .path("unread_count")
                        .asLong());
        Response all = http.post("/v1/notifications/read-all", user(owner), "{}");
        assertEquals(1, all.json().path("updated").asLong());
        assertEquals(
                0,
                http.get("/v1/notifications/unread-count?placement=banner", user(owner))
                        .json()
                        .path("unread_count")
                        .asLong());
        Response byBody = http.post("/v1/notifications/read-all", user(owner), "{\"placement\": \"banner\"}");
        assertEquals(0, byBody.json().path("updated").asLong());
    }

    @Test
    void twentyConcurrentSendsWithOneEventIdMakeExactlyOneNotification() throws Exception {
        String eventId = "order-shipped-" + UUID.randomUUID();
        UUID userId = UserIds.fromSubject("idempotent-owner");
        long contentBefore = sql.count("notifications");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                String body = """
                        {"user_id": "%s", "title": "attempt %d", "message": "m", "event_id": "%s"}""".formatted(userId, i, eventId);
                futures.add(pool.submit(() -> {
                    go.await();
                    return http.post("/v1/notifications/admin/send", ADMIN, body);
                }));
            }
            go.countDown();
        }
        int created = 0;
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Future<Response> future : futures) {
            Response response = future.get();
            assertTrue(response.status() == 201 || response.status() == 200, response.toString());
            created += response.status() == 201 ? 1 : 0;
            ids.add(response.json().path("id").asText());
            titles.add(response.json().path("title").asText());
            assertEquals(eventId, response.json().path("event_id").asText());
        }
        assertEquals(1, created, "exactly one send creates it");
        assertEquals(1, ids.size(), "every send gets the same notification back");
        assertEquals(1, titles.size(), "the existing one, unchanged");
        assertEquals(1, sql.longValue("SELECT count(*) FROM notification_receipts WHERE event_id = ?", eventId));
        assertEquals(contentBefore + 1, sql.count("notifications"), "no orphan content rows from the losers");

        Response again = http.post("/v1/notifications/admin/send", ADMIN, """
                {"user_id": "%s", "title": "different", "message": "x", "placement": "banner", "event_id": "%s"}""".formatted(UUID.randomUUID(), eventId));
        assertEquals(200, again.status());
        assertEquals(ids.iterator().next(), again.json().path("id").asText());
        assertEquals(titles.iterator().next(), again.json().path("title").asText());
    }

    @Test
    void sendsWithoutEventIdAreNeverDeduplicated() {
        String owner = "no-event-owner";
        send(owner, "same", "inbox");
        send(owner, "same", "inbox");
        assertEquals(
                2,
                http.get("/v1/notifications", user(owner)).json().path("items").size());
    }

    @Test
    void rejectedRequestsUseTheContractShapeAndChangeNothing() {
        String owner = "error-owner";
        String mine = send(owner, "mine", "inbox").path("id").asText();
        String broadcastCursor = firstBroadcastCursor();
        Map<String, Long> before = sql.counts("notifications", "notification_receipts", "broadcasts");
        long unreadBefore = sql.longValue("SELECT count(*) FROM notification_receipts WHERE NOT is_read");
        String userId = UserIds.fromSubject(owner).toString();
        String valid = "{\"user_id\": \"" + userId + "\", \"title\": \"t\", \"message\": \"m\"}";
        String forged =
                Authenticator.mint("another-secret-another-secret-0123456789".getBytes(), owner, Role.ADMIN, 3600);
        String expired = Authenticator.mint(TestService.JWT_SECRET.getBytes(), owner, Role.ADMIN, -3600);

        // authentication: missing, malformed, forged and expired tokens
        for (String token : new String[] {null, "not-a-jwt", forged, expired}) {
            expect(401, "unauthenticated", http.get("/v1/notifications", token));
            expect(401, "unauthenticated", http.get("/v1/notifications/unread-count", token));
            expect(401, "unauthenticated", http.post("/v1/notifications/" + mine + "/read", token, null));
            expect(401, "unauthenticated", http.post("/v1/notifications/read-all", token, null));
            expect(401, "unauthenticated", http.post("/v1/notifications/admin/send", token, valid));
        }
        // a path that exists answers another method with 405
        for (String[] call : new String[][] {
            {"PUT", "/v1/notifications/unread-count"},
            {"DELETE", "/v1/notifications"},
            {"GET", "/v1/notifications/read-all"},
            {"GET", "/v1/notifications/admin/send"},
            {"GET", "/v1/notifications/" + mine + "/read"},
            {"DELETE", "/v1/notifications/admin/broadcasts"},
            {"DELETE", "/v1/notifications/admin/broadcasts/" + UUID.randomUUID()},
            {"GET", "/v1/notifications/admin/broadcasts/" + UUID.randomUUID() + "/send-now"},
            {"PUT", "/v1/notifications/admin/broadcasts/" + UUID.randomUUID() + "/cancel"}
        }) {
            expect(405, "method_not_allowed", http.send(call[0], call[1], user(owner), null, "application/json"));
        }
        // a plain user on admin routes
        expect(403, "forbidden", http.post("/v1/notifications/admin/send", user(owner), valid));
        expect(403, "forbidden", http.get("/v1/notifications/admin/broadcasts", user(owner)));
        expect(
                403,
                "forbidden",
                http.post(
                        "/v1/notifications/admin/broadcasts",
                        user(owner),
                        "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"all_users\"}}"));
        expect(
                403,
                "forbidden",
                http.post("/v1/notifications/admin/send", TestService.token(owner, Role.MODERATOR), valid));

        // bodies
        String send = "/v1/notifications/admin/send";
        expect(400, "invalid_json", http.post(send, ADMIN, "{\"user_id\": "));
        expect(400, "invalid_json", http.post(send, ADMIN, valid + " trailing"));
        expect(415, "unsupported_media_type", http.send("POST", send, ADMIN, valid, "text/plain"));
        expect(400, "invalid_payload", http.post(send, ADMIN, "[1, 2]"));
        expect(400, "invalid_payload", http.post(send, ADMIN, "{}"));
        Response wrongTypes = http.post(send, ADMIN, """
                {"user_id": 5, "title": ["t"], "message": true, "placement": "sidebar", "priority": "meh",
                 "cta_url": "javascript:alert(1)", "meta": [1], "event_id": 7}""");
        expect(400, "invalid_payload", wrongTypes);
        for (String meta : List.of("{\"a\": \"x\\u0000\"}", "{\"\\u0000\": 1}", "{\"a\": [[\"\\u0000\"]]}")) {
            Response withNul = http.post(send, ADMIN, valid.replace("}", ", \"meta\": " + meta + "}"));
            expect(400, "invalid_payload", withNul);
            assertTrue(withNul.body().contains("NUL"), withNul.body());
        }
        JsonNode fields = wrongTypes.json().path("error").path("details").path("fields");
        for (String field :
                List.of("user_id", "title", "message", "placement", "priority", "cta_url", "meta", "event_id")) {
            assertTrue(fields.has(field), field + " named in " + fields);
        }
        expect(400, "invalid_payload", http.post(send, ADMIN, valid.replace("}", ", \"colour\": \"red\"}")));
        expect(400, "invalid_payload", http.post(send, ADMIN, valid.replace(userId, "not-a-uuid")));
        expect(400, "invalid_payload", http.post(send, ADMIN, valid.replace("\"t\"", "\"" + "x".repeat(301) + "\"")));
        expect(400, "invalid_payload", http.post(send, ADMIN, valid.replace("\"t\"", "\"  \"")));
        expect(
                413,
                "payload_too_large",
                http.post(send, ADMIN, valid.replace("\"m\"", "\"" + "x".repeat(1024 * 1024 + 10) + "\"")));
        expect(
                400,
                "invalid_payload",
                http.post("/v1/notifications/read-all", user(owner), "{\"placement\": \"side\"}"));
        expect(400, "invalid_payload", http.post("/v1/notifications/read-all", user(owner), "{\"all\": true}"));
        expect(400, "invalid_json", http.post("/v1/notifications/read-all", user(owner), "{"));
        expect(
                400,
                "invalid_payload",
                http.post("/v1/notifications/read-all?placement=inbox", user(owner), "{\"placement\": \"banner\"}"));

        // query values and cursors
        for (String query : List.of(
                "placement=bogus",
                "unread_only=maybe",
                "limit=0",
                "limit=101",
                "limit=ten",
                "cursor=garbage",
                "cursor=eyJ4IjoxfQ.AAAA")) {
            expect(400, "invalid_query", http.get("/v1/notifications?" + query, user(owner)));
        }
        expect(400, "invalid_query", http.get("/v1/notifications/unread-count?placement=sidebar", user(owner)));
        expect(400, "invalid_query", http.post("/v1/notifications/read-all?placement=sidebar", user(owner), null));
        expect(400, "invalid_query", http.get("/v1/notifications?cursor=" + broadcastCursor, user(owner)));

        assertEquals(before, sql.counts("notifications", "notification_receipts", "broadcasts"));
        assertEquals(unreadBefore, sql.longValue("SELECT count(*) FROM notification_receipts WHERE NOT is_read"));
    }

    /** A cursor that the broadcast listing issued (signed, but for another scope). */
    private static String firstBroadcastCursor() {
        String body = "{\"title\": \"t\", \"message\": \"m\", \"audience\": {\"type\": \"all_users\"}}";
        if (sql.count("broadcasts") < 2) {
            http.post("/v1/notifications/admin/broadcasts", ADMIN, body);
            http.post("/v1/notifications/admin/broadcasts", ADMIN, body);
        }
        String cursor = http.get("/v1/notifications/admin/broadcasts?limit=1", ADMIN)
                .json()
                .path("next_cursor")
                .asText();
        assertNotNull(cursor);
        return cursor;
    }

    private static void expect(int status, String code, Response response) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(code, response.errorCode(), response.toString());
        assertNull(response.json().path("error").path("stack").textValue());
    }

    private static boolean sqlBool(String query, String id) {
        return (Boolean) sql.rows(query, id).getFirst().getFirst();
    }
}
