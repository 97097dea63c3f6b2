package dev.nodes.service.nodes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.auth.Role;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestRedis;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The node cache seen through the API with the real Redis: what GET stores, and that every mutation is visible to
 * the next read (a reader never sees data older than a write that has returned to it).
 */
class NodeCacheApiTest {
    private static final String ALICE = TestService.token("cache-alice", Role.USER);
    private static final String BOB = TestService.token("cache-bob", Role.USER);
    private static TestService service;
    private static HttpTestClient http;
    private static RedisClient redis;
    private static String namespace;

    @BeforeAll
    static void start() {
        // no workers here: an embedding result would invalidate (and tombstone) nodes these tests inspect
        service = TestService.start(
                Map.of("APP_REDIS_URL", TestRedis.url(), "APP_NODES_CACHE_TTL", "120", "APP_WORKERS_ENABLED", "false"));
        http = service.http();
        namespace = service.env("APP_NODES_CACHE_NAMESPACE");
        redis = RedisClient.create(TestRedis.url());
    }

    @AfterAll
    static void stop() {
        redis.close();
        service.close();
    }

    private static JsonNode create(String body) {
        Response response = http.post("/v1/nodes", ALICE, body);
        assertEquals(201, response.status(), response.body());
        return response.json();
    }

    private static String idKey(long id) {
        return namespace + ":nodes:v1:id:" + id;
    }

    private static double hits() {
        return metric("nodes_cache_requests_total", "backend", "redis", "result", "hit")
                + metric("nodes_cache_requests_total", "backend", "near", "result", "hit");
    }

    private static double metric(String name, String... labels) {
        return MetricValues.value(http.get("/metrics", null).body(), name, labels);
    }

    @Test
    void aReadStoresTheRepresentationUnderIdAndSlugWithTheTtl() {
        JsonNode node = create("{\"title\":\"cached\",\"slug\":\"cached-node\"}");
        long id = node.get("id").asLong();
        assertNull(redis.get(idKey(id)), "a write never fills the cache");
        double missesBefore = metric("nodes_cache_requests_total", "backend", "redis", "result", "miss");
        Response first = http.get("/v1/nodes/" + id, BOB);
        assertEquals(200, first.status());
        assertEquals(first.body(), redis.get(idKey(id)), "the cached value is the API's JSON");
        assertEquals(first.body(), redis.get(namespace + ":nodes:v1:slug:cached-node"));
        long ttl = redis.ttl(idKey(id));
        assertTrue(ttl > 100 && ttl <= 120, "TTL from APP_NODES_CACHE_TTL, was " + ttl);
        double hitsBefore = hits();
        Response second = http.get("/v1/nodes/cached-node", BOB);
        assertEquals(first.body(), second.body());
        assertEquals("\"1\"", second.header("ETag"));
        // from Redis, or from the near cache the put filled once its first heartbeat came back
        assertEquals(hitsBefore + 1, hits());
        assertEquals(missesBefore + 1, metric("nodes_cache_requests_total", "backend", "redis", "result", "miss"));
    }

    @Test
    void everyMutationIsVisibleToTheNextRead() {
        long id = create("{\"title\":\"before\",\"slug\":\"mutating-node\"}")
                .get("id")
                .asLong();
        String path = "/v1/nodes/" + id;
        double invalidations = metric("nodes_cache_evictions_total", "backend", "redis", "reason", "invalidation");

        assertChangeVisible(
                path,
                () -> http.patch(path, ALICE, "{\"title\":\"after\"}"),
                node -> node.get("title").asText().equals("after"));
        assertChangeVisible(
                path,
                () -> http.put(path + "/tags", ALICE, "{\"tags\":[\"fresh\"]}"),
                node -> node.get("tags").toString().equals("[\"fresh\"]"));
        assertChangeVisible(
                path,
                () -> http.put(path + "/likes", BOB, null),
                node -> node.get("likes_count").asLong() == 1);
        assertChangeVisible(
                path,
                () -> http.patch(path, ALICE, "{\"slug\":\"renamed-node\"}"),
                node -> node.get("slug").asText().equals("renamed-node"));
        assertEquals(404, http.get("/v1/nodes/mutating-node", BOB).status(), "the old slug no longer resolves");
        // every write after a read removes the entry that read cached
        assertTrue(metric("nodes_cache_evictions_total", "backend", "redis", "reason", "invalidation")
                >= invalidations + 1);

        http.get(path, BOB);
        assertEquals(204, http.delete(path, ALICE).status());
        assertEquals(404, http.get(path, BOB).status());
        assertEquals(404, http.get("/v1/nodes/renamed-node", BOB).status());
    }

    @Test
    void theEmbeddingWorkersResultInvalidatesTheCachedNode() {
        try (TestService withWorkers =
                TestService.start(Map.of("APP_REDIS_URL", TestRedis.url(), "APP_NODES_CACHE_TTL", "120"))) {
            HttpTestClient client = withWorkers.http();
            long id = client.post("/v1/nodes", ALICE, "{\"title\":\"embed\",\"content\":\"vectors of words\"}")
                    .json()
                    .get("id")
                    .asLong();
            client.get("/v1/nodes/" + id, BOB);
            // whether that read cached "pending" or not, the worker's result must show within the TTL of 120 s
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertEquals(
                            "ready",
                            client.get("/v1/nodes/" + id, BOB)
                                    .json()
                                    .get("embedding_status")
                                    .asText()));
            assertEquals(
                    202,
                    client.post("/v1/nodes/" + id + "/embedding/refresh", ALICE, null)
                            .status());
        }
    }

    @Test
    void aViewIsCountedOncePerDayThroughRedis() {
        long id = create("{\"title\":\"viewed\"}").get("id").asLong();
        assertTrue(http.post("/v1/nodes/" + id + "/views", BOB, "{}")
                .json()
                .get("counted")
                .asBoolean());
        assertFalse(http.post("/v1/nodes/" + id + "/views", BOB, "{}")
                .json()
                .get("counted")
                .asBoolean());
        String day = LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
        var keys = redis.keys(namespace + ":nodes:v1:view:" + id + ":" + day + ":*");
        assertEquals(1, keys.size(), keys.toString());
        long ttl = redis.ttl(keys.iterator().next());
        assertTrue(ttl > 0 && ttl <= 86_400, "expires at the next UTC midnight, was " + ttl);

        // Redis loses the key (an outage, an eviction): PostgreSQL still knows the view, it is not counted twice
        redis.del(keys.iterator().next());
        Response again = http.post("/v1/nodes/" + id + "/views", BOB, "{}");
        assertFalse(again.json().get("counted").asBoolean(), again.body());
        assertEquals(1, again.json().get("views_count").asLong());
    }

    private static void assertChangeVisible(String path, Supplier<Response> mutation, Predicate<JsonNode> changed) {
        Response warm = http.get(path, BOB);
        assertEquals(200, warm.status(), warm.body());
        assertFalse(changed.test(warm.json()), "precondition: not yet changed");
        Response write = mutation.get();
        assertEquals(200, write.status(), write.body());
        Response read = http.get(path, BOB);
        assertTrue(changed.test(read.json()), "the read after the write must show it: " + read.body());
    }
}
