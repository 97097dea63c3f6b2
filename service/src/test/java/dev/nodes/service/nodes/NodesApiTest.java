package dev.nodes.service.nodes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every /v1/nodes route over HTTP against the real service and PostgreSQL, including the error paths. */
class NodesApiTest {
    private static TestService service;
    private static HttpTestClient http;
    private static Sql sql;
    private static final String ALICE = TestService.token("alice", Role.USER);
    private static final String BOB = TestService.token("bob", Role.USER);
    private static final String ADMIN = TestService.token("root", Role.ADMIN);

    @BeforeAll
    static void start() {
        service = TestService.start();
        http = service.http();
        sql = new Sql(service.database());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static JsonNode create(String token, String json) {
        Response response = http.post("/v1/nodes", token, json);
        assertEquals(201, response.status(), response.body());
        return response.json();
    }

    private static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createReturnsTheNodeWithLocationAndEtag() {
        Response response = http.post(
                "/v1/nodes",
                ALICE,
                "{\"title\":\"  Hello  \",\"content\":\"body\",\"tags\":[\" Java \",\"java\",\"K8s\"],\"cover_url\":\"https://img.example/a.png\"}");
        assertEquals(201, response.status(), response.body());
        JsonNode node = response.json();
        assertEquals("/v1/nodes/" + node.get("id").asLong(), response.header("Location"));
        assertEquals("\"1\"", response.header("ETag"));
        assertEquals("Hello", node.get("title").asText());
        assertEquals(
                UserIds.fromSubject("alice").toString(), node.get("author_id").asText());
        assertEquals(List.of("java", "k8s"), strings(node.get("tags")));
        assertTrue(node.get("slug").asText().matches("[0-9a-f]{16}"), node.toString());
        assertTrue(node.get("is_public").asBoolean());
        assertEquals("published", node.get("status").asText());
        assertEquals(0, node.get("views_count").asLong());
        assertEquals("pending", node.get("embedding_status").asText());
        assertTrue(node.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertFalse(node.has("embedding"), "the vector is never part of the representation");
        assertEquals(
                1,
                sql.longValue(
                        "SELECT count(*) FROM embedding_jobs WHERE node_id = ?",
                        node.get("id").asLong()));
    }

    @Test
    void getByIdSlugAndSlugRoute() {
        String slug = uniqueSlug("get");
        JsonNode node = create(ALICE, "{\"title\":\"t\",\"slug\":\"" + slug + "\"}");
        long id = node.get("id").asLong();
        for (String path : List.of("/v1/nodes/" + id, "/v1/nodes/" + slug, "/v1/nodes/slug/" + slug)) {
            Response response = http.get(path, BOB);
            assertEquals(200, response.status(), path + " " + response.body());
            assertEquals(id, response.json().get("id").asLong());
            assertEquals("\"1\"", response.header("ETag"));
        }
        assertEquals(404, http.get("/v1/nodes/999999999", BOB).status());
        assertEquals("not_found", http.get("/v1/nodes/No_Such", BOB).errorCode());
        assertEquals(404, http.get("/v1/nodes/slug/123", BOB).status());
    }

    @Test
    void privateAndDraftNodesAreInvisibleToOthersButNotToAdmins() {
        long privateId = create(ALICE, "{\"title\":\"secret\",\"is_public\":false}")
                .get("id")
                .asLong();
        long draftId = create(ALICE, "{\"title\":\"draft\",\"status\":\"draft\"}")
                .get("id")
                .asLong();
        for (long id : List.of(privateId, draftId)) {
            assertEquals(404, http.get("/v1/nodes/" + id, BOB).status());
            assertEquals(404, http.post("/v1/nodes/" + id + "/views", BOB, "{}").status());
            assertEquals(404, http.put("/v1/nodes/" + id + "/likes", BOB, null).status());
            assertEquals(
                    404, http.patch("/v1/nodes/" + id, BOB, "{\"title\":\"x\"}").status());
            assertEquals(200, http.get("/v1/nodes/" + id, ALICE).status());
            assertEquals(200, http.get("/v1/nodes/" + id, ADMIN).status());
        }
    }

    @Test
    void patchUpdatesBumpsVersionAndHonoursIfMatch() {
        long id = create(ALICE, "{\"title\":\"one\"}").get("id").asLong();
        Response wrongEtag = http.send(
                "PATCH", "/v1/nodes/" + id, ALICE, "{\"title\":\"two\"}", "application/json", "If-Match", "\"7\"");
        assertEquals(412, wrongEtag.status());
        assertEquals("precondition_failed", wrongEtag.errorCode());
        assertEquals("one", sql.string("SELECT title FROM nodes WHERE id = ?", id));

        Response ok = http.send(
                "PATCH",
                "/v1/nodes/" + id,
                ALICE,
                "{\"title\":\"two\",\"cover_url\":null}",
                "application/json",
                "If-Match",
                "\"1\"");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("two", ok.json().get("title").asText());
        assertEquals(2, ok.json().get("version").asInt());
        assertEquals("\"2\"", ok.header("ETag"));
        assertEquals(
                "two", http.get("/v1/nodes/" + id, ALICE).json().get("title").asText());
    }

    @Test
    void othersGetForbiddenOnWritesToVisibleNodes() {
        long id = create(ALICE, "{\"title\":\"public\"}").get("id").asLong();
        assertEquals(
                "forbidden",
                http.patch("/v1/nodes/" + id, BOB, "{\"title\":\"mine\"}").errorCode());
        assertEquals(
                403,
                http.put("/v1/nodes/" + id + "/tags", BOB, "{\"tags\":[\"x\"]}").status());
        assertEquals(403, http.delete("/v1/nodes/" + id, BOB).status());
        assertEquals(
                403,
                http.post("/v1/nodes/" + id + "/embedding/refresh", BOB, null).status());
        assertEquals("public", sql.string("SELECT title FROM nodes WHERE id = ?", id));
        assertEquals(
                200,
                http.patch("/v1/nodes/" + id, ADMIN, "{\"title\":\"by admin\"}").status());
    }

    @Test
    void slugsAreUniqueValidatedAndRenamable() {
        String slug = uniqueSlug("taken");
        long id = create(ALICE, "{\"title\":\"a\",\"slug\":\"" + slug + "\"}")
                .get("id")
                .asLong();
        long before = sql.count("nodes");
        Response taken = http.post("/v1/nodes", BOB, "{\"title\":\"b\",\"slug\":\"" + slug + "\"}");
        assertEquals(409, taken.status());
        assertEquals("conflict", taken.errorCode());
        assertEquals(before, sql.count("nodes"));
        for (String bad : List.of("Upper", "-lead", "12345", "dev-blog", "a".repeat(81))) {
            Response response = http.post("/v1/nodes", ALICE, "{\"title\":\"b\",\"slug\":\"" + bad + "\"}");
            assertEquals(400, response.status(), bad);
            assertTrue(response.json().at("/error/details/fields").has("slug"), response.body());
        }
        String renamed = uniqueSlug("renamed");
        assertEquals(
                200,
                http.patch("/v1/nodes/" + id, ALICE, "{\"slug\":\"" + renamed + "\"}")
                        .status());
        assertEquals(404, http.get("/v1/nodes/" + slug, ALICE).status());
        assertEquals(
                id, http.get("/v1/nodes/" + renamed, ALICE).json().get("id").asLong());
        long other = create(ALICE, "{\"title\":\"c\"}").get("id").asLong();
        assertEquals(
                409,
                http.patch("/v1/nodes/" + other, ALICE, "{\"slug\":\"" + renamed + "\"}")
                        .status());
    }

    @Test
    void tagsAreNormalisedAndValidated() {
        long id = create(ALICE, "{\"title\":\"tags\"}").get("id").asLong();
        Response ok = http.put("/v1/nodes/" + id + "/tags", ALICE, "{\"tags\":[\"B\",\" a \",\"b\"]}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(List.of("a", "b"), strings(ok.json().get("tags")));
        assertEquals(2, ok.json().get("version").asInt());
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            tooMany.add("\"t" + i + "\"");
        }
        for (String body : List.of(
                "{\"tags\":[\"no spaces\"]}",
                "{\"tags\":[" + String.join(",", tooMany) + "]}",
                "{\"tags\":\"a\"}",
                "{}",
                "{\"tags\":[1]}")) {
            Response bad = http.put("/v1/nodes/" + id + "/tags", ALICE, body);
            assertEquals(400, bad.status(), body);
            assertEquals("invalid_payload", bad.errorCode());
        }
        assertEquals(2, sql.longValue("SELECT count(*) FROM product_node_tags WHERE node_id = ?", id));
        Response stale = http.send(
                "PUT", "/v1/nodes/" + id + "/tags", ALICE, "{\"tags\":[]}", "application/json", "If-Match", "\"1\"");
        assertEquals(412, stale.status());
    }

    @Test
    void deleteIsSoftAndSecondDeleteIsNotFound() {
        long id = create(ALICE, "{\"title\":\"bye\"}").get("id").asLong();
        assertEquals(204, http.delete("/v1/nodes/" + id, ALICE).status());
        assertEquals(404, http.delete("/v1/nodes/" + id, ALICE).status());
        assertEquals(404, http.get("/v1/nodes/" + id, ALICE).status());
        assertEquals(1, sql.longValue("SELECT count(*) FROM nodes WHERE id = ? AND deleted_at IS NOT NULL", id));
    }

    @Test
    void rejectedRequestsUseTheErrorShapeAndChangeNothing() {
        long before = sql.count("nodes");
        record Case(String name, Response response, int status, String code) {}
        String expired = expiredToken();
        List<Case> cases = List.of(
                new Case("malformed", http.post("/v1/nodes", ALICE, "{\"title\":"), 400, "invalid_json"),
                new Case("not an object", http.post("/v1/nodes", ALICE, "[1]"), 400, "invalid_payload"),
                new Case(
                        "wrong type",
                        http.post("/v1/nodes", ALICE, "{\"title\":5,\"is_public\":\"yes\"}"),
                        400,
                        "invalid_payload"),
                new Case("missing title", http.post("/v1/nodes", ALICE, "{\"content\":\"x\"}"), 400, "invalid_payload"),
                new Case(
                        "unknown field",
                        http.post("/v1/nodes", ALICE, "{\"title\":\"x\",\"id\":5}"),
                        400,
                        "invalid_payload"),
                new Case(
                        "bad status",
                        http.post("/v1/nodes", ALICE, "{\"title\":\"x\",\"status\":\"live\"}"),
                        400,
                        "invalid_payload"),
                new Case(
                        "NUL character",
                        http.post("/v1/nodes", ALICE, "{\"title\":\"a\\u0000b\"}"),
                        400,
                        "invalid_payload"),
                new Case(
                        "long title",
                        http.post("/v1/nodes", ALICE, "{\"title\":\"" + "x".repeat(301) + "\"}"),
                        400,
                        "invalid_payload"),
                new Case(
                        "bad url",
                        http.post("/v1/nodes", ALICE, "{\"title\":\"x\",\"cover_url\":\"javascript:alert(1)\"}"),
                        400,
                        "invalid_payload"),
                new Case(
                        "not json",
                        http.send("POST", "/v1/nodes", ALICE, "title=x", "text/plain"),
                        415,
                        "unsupported_media_type"),
                new Case(
                        "oversize",
                        http.post(
                                "/v1/nodes", ALICE, "{\"title\":\"x\",\"content\":\"" + "y".repeat(1_100_000) + "\"}"),
                        413,
                        "payload_too_large"),
                new Case("no token", http.post("/v1/nodes", null, "{\"title\":\"x\"}"), 401, "unauthenticated"),
                new Case(
                        "forged token",
                        http.post("/v1/nodes", forgedToken(), "{\"title\":\"x\"}"),
                        401,
                        "unauthenticated"),
                new Case("expired token", http.post("/v1/nodes", expired, "{\"title\":\"x\"}"), 401, "unauthenticated"),
                new Case(
                        "garbage token",
                        http.post("/v1/nodes", "abc.def.ghi", "{\"title\":\"x\"}"),
                        401,
                        "unauthenticated"),
                new Case(
                        "method",
                        http.send("PUT", "/v1/nodes", ALICE, "{}", "application/json"),
                        405,
                        "method_not_allowed"));
        for (Case c : cases) {
            assertEquals(
                    c.status(),
                    c.response().status(),
                    c.name() + ": " + c.response().body());
            assertEquals(c.code(), c.response().errorCode(), c.name());
            assertNotNull(c.response().json().at("/error/message").asText(null), c.name());
        }
        JsonNode fields = cases.get(2).response().json().at("/error/details/fields");
        assertTrue(fields.has("title") && fields.has("is_public"), fields.toString());
        assertEquals(before, sql.count("nodes"));
    }

    @Test
    void listingPagesThroughAnAuthorsNodesWithCursors() {
        String carol = TestService.token("carol-" + UUID.randomUUID(), Role.USER);
        Set<Long> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(carol, "{\"title\":\"n" + i + "\",\"tags\":[\"" + (i % 2 == 0 ? "even" : "odd") + "\"]}")
                    .get("id")
                    .asLong());
        }
        create(carol, "{\"title\":\"hidden\",\"is_public\":false}");
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            Response page = http.get("/v1/nodes?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), carol);
            assertEquals(200, page.status(), page.body());
            page.json().get("items").forEach(item -> seen.add(item.get("id").asLong()));
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(8, seen.size());
        assertEquals(seen.stream().sorted((a, b) -> Long.compare(b, a)).toList(), seen, "newest id first");
        assertTrue(seen.containsAll(created));

        Response evens = http.get("/v1/nodes?tag=even", carol);
        assertEquals(4, evens.json().get("items").size());
        String carolId = http.get("/v1/nodes?limit=1", carol)
                .json()
                .at("/items/0/author_id")
                .asText();
        assertEquals(
                7,
                http.get("/v1/nodes?author_id=" + carolId, BOB)
                        .json()
                        .get("items")
                        .size(),
                "others see public only");
        assertEquals(
                8,
                http.get("/v1/nodes?author_id=" + carolId, ADMIN)
                        .json()
                        .get("items")
                        .size());
        assertEquals(
                0, http.get("/v1/nodes?status=draft", carol).json().get("items").size());

        for (String query : List.of(
                "status=bogus",
                "author_id=nope",
                "limit=0",
                "limit=101",
                "limit=x",
                "cursor=garbage",
                "cursor="
                        + tampered(http.get("/v1/nodes?limit=1", carol)
                                .json()
                                .get("next_cursor")
                                .asText()))) {
            Response bad = http.get("/v1/nodes?" + query, carol);
            assertEquals(400, bad.status(), query + " " + bad.body());
            assertEquals("invalid_query", bad.errorCode(), query);
        }
    }

    @Test
    void summaryViewListsEverythingButTheContentAndTheDefaultStaysWhole() {
        String dave = TestService.token("dave-" + UUID.randomUUID(), Role.USER);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.addFirst(
                    create(dave, "{\"title\":\"s" + i + "\",\"content\":\"body " + i + "\",\"tags\":[\"t" + i + "\"]}")
                            .get("id")
                            .asLong());
        }
        // the server's worker sets embedding_status meanwhile: compare once it is done
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        http.get("/v1/nodes?view=summary", dave).json().findValuesAsText("embedding_status").stream()
                                .noneMatch("pending"::equals));
        JsonNode whole = http.get("/v1/nodes?limit=2", dave).json();
        JsonNode full = http.get("/v1/nodes?limit=2&view=full", dave).json();
        Response summaries = http.get("/v1/nodes?limit=2&view=summary", dave);
        assertEquals(200, summaries.status(), summaries.body());
        JsonNode summary = summaries.json();

        assertEquals(whole, full, "view=full is the default");
        assertEquals("body 2", whole.at("/items/0/content").asText());
        assertEquals(2, summary.get("items").size());
        for (int i = 0; i < 2; i++) {
            JsonNode item = summary.get("items").get(i);
            assertEquals(ids.get(i), item.get("id").asLong());
            assertFalse(item.has("content"), item.toString());
            ObjectNode expected = whole.get("items").get(i).deepCopy();
            expected.remove("content");
            assertEquals(expected, item, "a summary is the node without its content");
        }
        JsonNode rest = http.get(
                        "/v1/nodes?view=summary&cursor="
                                + summary.get("next_cursor").asText(),
                        dave)
                .json();
        assertEquals(List.of(ids.get(2)), ids(rest));
        assertFalse(rest.at("/items/0").has("content"));

        Response bad = http.get("/v1/nodes?view=content", dave);
        assertEquals(400, bad.status(), bad.body());
        assertEquals("invalid_query", bad.errorCode());
        assertTrue(bad.json().at("/error/details/fields").has("view"), bad.body());
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    @Test
    void devBlogListsPublishedPublicDevBlogNodesWithoutToken() {
        String tag = "topic-" + UUID.randomUUID().toString().substring(0, 6);
        long visible = create(ALICE, "{\"title\":\"post\",\"tags\":[\"dev-blog\",\"" + tag + "\"]}")
                .get("id")
                .asLong();
        create(ALICE, "{\"title\":\"draft post\",\"status\":\"draft\",\"tags\":[\"dev-blog\",\"" + tag + "\"]}");
        create(ALICE, "{\"title\":\"private post\",\"is_public\":false,\"tags\":[\"dev-blog\",\"" + tag + "\"]}");
        create(ALICE, "{\"title\":\"other\",\"tags\":[\"" + tag + "\"]}");
        Response response = http.get("/v1/nodes/dev-blog?tag=" + tag, null);
        assertEquals(200, response.status(), response.body());
        assertEquals(1, response.json().get("items").size());
        assertEquals(visible, response.json().at("/items/0/id").asLong());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(
                1,
                http.get("/v1/nodes/dev-blog?tag=" + tag + "&from=" + today + "&to=" + today, null)
                        .json()
                        .get("items")
                        .size());
        assertEquals(
                0,
                http.get("/v1/nodes/dev-blog?tag=" + tag + "&to=2000-01-01", null)
                        .json()
                        .get("items")
                        .size());
        assertEquals(400, http.get("/v1/nodes/dev-blog?from=yesterday", null).status());
        assertEquals(400, http.get("/v1/nodes/dev-blog?tag=Not%20A%20Tag", null).status());
    }

    @Test
    void viewsCountOncePerViewerPerDay() {
        long id = create(ALICE, "{\"title\":\"viewed\"}").get("id").asLong();
        Response first = http.post("/v1/nodes/" + id + "/views", BOB, "{\"fingerprint\":\"fp-1\"}");
        assertEquals(200, first.status(), first.body());
        assertTrue(first.json().get("counted").asBoolean());
        assertEquals(1, first.json().get("views_count").asLong());
        Response again = http.post("/v1/nodes/" + id + "/views", BOB, "{\"fingerprint\":\"fp-2\"}");
        assertFalse(again.json().get("counted").asBoolean(), "another fingerprint does not make a second view");
        assertEquals(1, again.json().get("views_count").asLong());
        assertTrue(http.post("/v1/nodes/" + id + "/views", ALICE, null)
                .json()
                .get("counted")
                .asBoolean());

        Response history = http.get("/v1/nodes/" + id + "/views?days=7", ALICE);
        assertEquals(200, history.status(), history.body());
        assertEquals(2, history.json().get("total").asLong());
        assertEquals(7, history.json().get("buckets").size());
        assertEquals(2, history.json().at("/buckets/0/views").asLong());
        assertEquals(
                LocalDate.now(ZoneOffset.UTC).toString(),
                history.json().at("/buckets/0/date").asText());
        assertEquals(400, http.get("/v1/nodes/" + id + "/views?days=91", ALICE).status());
        assertEquals(
                400,
                http.post("/v1/nodes/" + id + "/views", BOB, "{\"fingerprint\":5}")
                        .status());
        assertEquals(2, sql.longValue("SELECT views FROM node_view_buckets WHERE node_id = ?", id));
        assertEquals(
                "fp-1",
                sql.string(
                        "SELECT fingerprint FROM node_views WHERE node_id = ? AND viewer_id = ?",
                        id,
                        UserIds.fromSubject("bob")),
                "the counted view keeps its fingerprint for analysis");
    }

    @Test
    void aViewWhoseCountFailedIsNotRefusedAsARepeatOnRetry() {
        long id = create(ALICE, "{\"title\":\"flaky\"}").get("id").asLong();
        assertEquals(200, http.get("/v1/nodes/" + id, BOB).status(), "cached now");
        // deleted behind the service's back: the cached copy still resolves, the counting UPDATE finds no row
        sql.execute("UPDATE nodes SET deleted_at = now() WHERE id = ?", id);
        assertEquals(404, http.post("/v1/nodes/" + id + "/views", BOB, "{}").status());
        sql.execute("UPDATE nodes SET deleted_at = NULL WHERE id = ?", id);
        Response retry = http.post("/v1/nodes/" + id + "/views", BOB, "{}");
        assertTrue(retry.json().get("counted").asBoolean(), retry.body());
        assertEquals(1, sql.longValue("SELECT views_count FROM nodes WHERE id = ?", id));
    }

    @Test
    void fiftyConcurrentViewersMoveTheCounterByExactlyFifty() throws Exception {
        long id = create(ALICE, "{\"title\":\"popular\"}").get("id").asLong();
        List<Thread> threads = new ArrayList<>();
        List<Response> responses = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            String viewer = TestService.token("viewer-" + i + "-" + UUID.randomUUID(), Role.USER);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                responses.add(http.post("/v1/nodes/" + id + "/views", viewer, "{}"));
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(50, responses.size());
        responses.forEach(r -> assertEquals(200, r.status(), r.body()));
        assertEquals(50, sql.longValue("SELECT views_count FROM nodes WHERE id = ?", id));
        assertEquals(50, sql.longValue("SELECT views FROM node_view_buckets WHERE node_id = ?", id));
    }

    @Test
    void likesAreIdempotent() {
        long id = create(ALICE, "{\"title\":\"liked\"}").get("id").asLong();
        for (int i = 0; i < 2; i++) {
            Response like = http.put("/v1/nodes/" + id + "/likes", BOB, null);
            assertEquals(200, like.status(), like.body());
            assertTrue(like.json().get("liked").asBoolean());
            assertEquals(1, like.json().get("likes_count").asLong());
        }
        assertEquals(
                1, http.get("/v1/nodes/" + id, BOB).json().get("likes_count").asLong());
        for (int i = 0; i < 2; i++) {
            Response unlike = http.delete("/v1/nodes/" + id + "/likes", BOB);
            assertFalse(unlike.json().get("liked").asBoolean());
            assertEquals(0, unlike.json().get("likes_count").asLong());
        }
        assertEquals(0, sql.longValue("SELECT count(*) FROM node_likes WHERE node_id = ?", id));
    }

    @Test
    void embeddingRefreshIsAccepted() {
        long id = create(ALICE, "{\"title\":\"embed me\"}").get("id").asLong();
        Response accepted = http.post("/v1/nodes/" + id + "/embedding/refresh", ALICE, null);
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals("pending", accepted.json().get("embedding_status").asText());
        assertEquals(id, accepted.json().get("id").asLong());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String forgedToken() {
        return Authenticator.mint("another-secret-another-secret-0123456789".getBytes(), "alice", Role.ADMIN, 3600);
    }

    private static String expiredToken() {
        return Authenticator.mint(TestService.JWT_SECRET.getBytes(), "alice", Role.USER, -120);
    }

    private static String tampered(String cursor) {
        assertNull(null);
        char[] chars = cursor.toCharArray();
        chars[0] = chars[0] == 'A' ? 'B' : 'A';
        return new String(chars);
    }
}
