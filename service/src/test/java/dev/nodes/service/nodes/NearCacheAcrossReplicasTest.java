package dev.nodes.service.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestRedis;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Two service processes with near caches share one database and Redis namespace: a node served from one
 * replica's memory is never served there again once a write through the other has returned, a write that
 * reaches Redis without telling the near caches (a replica of an older version) empties them, and a replica that
 * never answers holds a write up for a bounded time only.
 */
class NearCacheAcrossReplicasTest {
    private static final String AUTHOR = TestService.token("near-author", Role.USER);
    private static final String READER = TestService.token("near-reader", Role.USER);

    private static TestService writer;
    private static TestService reader;
    private static RedisClient redis;
    private static String prefix;

    @BeforeAll
    static void start() {
        // a long TTL: only invalidations can take an entry out of a near cache during the test
        writer = TestService.start(Map.of(
                "APP_REDIS_URL", TestRedis.url(), "APP_WORKERS_ENABLED", "false", "APP_NODES_CACHE_TTL", "3600"));
        reader = TestService.replicaOf(writer);
        redis = RedisClient.create(TestRedis.url());
        prefix = writer.env("APP_NODES_CACHE_NAMESPACE") + ":nodes:v1:";
        awaitNearHits(reader);
        awaitNearHits(writer);
    }

    /** Until the first heartbeat came back, a replica serves nothing from its near cache. */
    private static void awaitNearHits(TestService replica) {
        long id = create("near-warm-" + replica.port());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double before = nearHits(replica.http());
        while (nearHits(replica.http()) == before && System.nanoTime() < deadline) {
            replica.http().get("/v1/nodes/" + id, READER);
        }
        assertTrue(nearHits(replica.http()) > before, "the near cache serves within 10 s of the start");
    }

    @AfterAll
    static void stop() {
        reader.close();
        writer.close();
        TestRedis.dropNamespace(redis, writer.env("APP_NODES_CACHE_NAMESPACE"));
        redis.close();
    }

    @Test
    void aWriteThroughOneReplicaIsSeenByTheOthersNextReadThoughItWasServedFromMemory() {
        long id = create("near-seen");
        String path = "/v1/nodes/" + id;
        double nearHitsBefore = nearHits(reader.http());
        int rounds = 100;
        for (int round = 1; round <= rounds; round++) {
            reader.http().get(path, READER);
            reader.http().get(path, READER);
            Response written = writer.http().patch(path, AUTHOR, "{\"title\":\"round " + round + "\"}");
            assertEquals(200, written.status(), written.body());
            Response read = reader.http().get(path, READER);
            assertEquals(
                    written.json().get("version").asInt(),
                    read.json().get("version").asInt(),
                    "round " + round + ": the read after the write returned");
        }
        // every round's second read (at least) came from the reader's memory, not from Redis
        double nearHits = nearHits(reader.http()) - nearHitsBefore;
        assertTrue(nearHits >= rounds, "near hits " + nearHits + " in " + rounds + " rounds");
    }

    @Test
    void aWriteThatReachesRedisWithoutAMessageEmptiesTheNearCaches() throws Exception {
        long id = create("near-old-writer");
        String path = "/v1/nodes/" + id;
        reader.http().get(path, READER);
        double hitsBefore = nearHits(reader.http());
        assertEquals(
                "before", reader.http().get(path, READER).json().get("title").asText());
        assertEquals(hitsBefore + 1, nearHits(reader.http()), "served from the reader's memory");
        double resetsBefore = metric(reader.http(), "nodes_cache_near_resets_total");

        // what a replica of the version before near caches does: commit, then stamp and tombstone, no PUBLISH
        new Sql(writer.database())
                .execute("UPDATE nodes SET title = 'from an old replica', version = version + 1 WHERE id = ?", id);
        long stamp = redis.incr(prefix + "index:stamp");
        for (String key : new String[] {"id:" + id, "slug:near-old-writer"}) {
            redis.psetex(prefix + key, 30_000, "!tombstone");
            redis.psetex(prefix + "stamp:" + key, 30_000, Long.toString(stamp));
        }

        // the reader's next heartbeat names a counter it heard no message for: it empties its near cache
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String title;
        do {
            title = reader.http().get(path, READER).json().get("title").asText();
        } while (!title.equals("from an old replica") && System.nanoTime() < deadline);
        assertEquals("from an old replica", title);
        assertTrue(metric(reader.http(), "nodes_cache_near_resets_total") > resetsBefore, "counted as a reset");
    }

    @Test
    void aReplicaThatNeverAnswersHoldsAWriteUpOnlyUntilItsLeaseRanOut() throws Exception {
        long id = create("near-silent");
        double timeoutsBefore = metric(writer.http(), "nodes_cache_near_ack_timeouts_total");
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub silent = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }
        };
        Thread listener = Thread.ofVirtual()
                .start(() -> redis.subscribe(silent, prefix + "near:db" + TestRedis.DATABASE + ":invalidations"));
        try {
            assertTrue(subscribed.await(10, TimeUnit.SECONDS));
            Response written = writer.http().patch("/v1/nodes/" + id, AUTHOR, "{\"title\":\"despite a silent one\"}");
            assertEquals(200, written.status(), written.body());
            assertEquals(timeoutsBefore + 1, metric(writer.http(), "nodes_cache_near_ack_timeouts_total"));
            assertEquals(
                    "despite a silent one",
                    reader.http()
                            .get("/v1/nodes/" + id, READER)
                            .json()
                            .get("title")
                            .asText());
        } finally {
            silent.unsubscribe();
            listener.join();
        }
    }

    private static long create(String slug) {
        Response created = writer.http()
                .post("/v1/nodes", AUTHOR, "{\"title\":\"before\",\"content\":\"c\",\"slug\":\"" + slug + "\"}");
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asLong();
    }

    private static double nearHits(HttpTestClient via) {
        return MetricValues.value(
                via.get("/metrics", null).body(), "nodes_cache_requests_total", "backend", "near", "result", "hit");
    }

    private static double metric(HttpTestClient via, String name) {
        return MetricValues.value(via.get("/metrics", null).body(), name);
    }
}
