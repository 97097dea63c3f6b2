package dev.nodes.service.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestRedis;
import dev.nodes.service.testing.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two service processes share one database and one Redis namespace. Writers update nodes through either one,
 * readers read through either one, all at once: every read shows at least the version of every write that had
 * returned before the read was sent, and the nodes are still served from the cache between writes (the first
 * read after a write caches the new copy; nothing waits for a tombstone to expire).
 */
class ReadYourWritesAcrossReplicasTest {
    private static final String AUTHOR = TestService.token("ryw-author", Role.USER);
    private static final String READER = TestService.token("ryw-reader", Role.USER);
    private static final int NODES = 2;
    private static final int WRITES_PER_WRITER = 60;

    @Test
    void everyReadShowsTheWritesThatReturnedBeforeItOnEitherReplica() throws Exception {
        try (TestService first =
                        TestService.start(Map.of("APP_REDIS_URL", TestRedis.url(), "APP_WORKERS_ENABLED", "false"));
                TestService second = TestService.replicaOf(first)) {
            List<HttpTestClient> replicas = List.of(first.http(), second.http());
            long[] ids = new long[NODES];
            for (int i = 0; i < NODES; i++) {
                Response created = first.http().post("/v1/nodes", AUTHOR, "{\"title\":\"t0\",\"content\":\"c\"}");
                assertEquals(201, created.status(), created.body());
                ids[i] = created.json().get("id").asLong();
            }
            // the newest version each node's writers were told about (acknowledged writes)
            AtomicIntegerArray acknowledged = new AtomicIntegerArray(NODES);
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            AtomicLong reads = new AtomicLong();
            double hitsBefore = hits(first) + hits(second);

            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                writers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int n = 0; n < WRITES_PER_WRITER; n++) {
                        int node = random.nextInt(NODES);
                        HttpTestClient via = replicas.get(random.nextInt(2));
                        Response r = via.patch("/v1/nodes/" + ids[node], AUTHOR, "{\"title\":\"t" + n + "\"}");
                        assertEquals(200, r.status(), r.body());
                        acknowledged.accumulateAndGet(
                                node, r.json().get("version").asInt(), Math::max);
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                readers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!writers.stream().allMatch(Future::isDone)) {
                        int node = random.nextInt(NODES);
                        int atLeast = acknowledged.get(node);
                        Response read = replicas.get(random.nextInt(2)).get("/v1/nodes/" + ids[node], READER);
                        assertEquals(200, read.status(), read.body());
                        int seen = read.json().get("version").asInt();
                        if (seen < atLeast) {
                            violations.add("node " + ids[node] + ": read version " + seen + " after version " + atLeast
                                    + " was acknowledged");
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            for (Future<?> f : readers) {
                f.get();
            }
            pool.close();

            assertTrue(
                    violations.isEmpty(),
                    violations.size() + " stale reads of " + reads.get() + ": "
                            + violations.stream().limit(5).toList());
            double hits = hits(first) + hits(second) - hitsBefore;
            // 120 writes over 2 nodes: reads between writes are still served from the cache
            assertTrue(hits > reads.get() / 4.0, "cache hits " + hits + " of " + reads.get() + " reads");

            // after the last write, the first read through each replica caches it and the next is a hit there
            for (int i = 0; i < NODES; i++) {
                for (HttpTestClient via : replicas) {
                    int version = via.get("/v1/nodes/" + ids[i], READER)
                            .json()
                            .get("version")
                            .asInt();
                    assertTrue(version >= acknowledged.get(i));
                }
            }
            double settled = hits(first) + hits(second);
            for (int i = 0; i < NODES; i++) {
                for (HttpTestClient via : replicas) {
                    via.get("/v1/nodes/" + ids[i], READER);
                }
            }
            assertEquals(settled + 2 * NODES, hits(first) + hits(second), "every settled read is a hit");
        }
    }

    /** Hits in Redis and in the process's near cache (a near miss is looked up in Redis, so none is counted twice). */
    private static double hits(TestService service) {
        String metrics = service.http().get("/metrics", null).body();
        double hits = 0;
        for (String backend : List.of("redis", "near")) {
            hits += MetricValues.value(metrics, "nodes_cache_requests_total", "backend", backend, "result", "hit");
        }
        return hits;
    }
}
