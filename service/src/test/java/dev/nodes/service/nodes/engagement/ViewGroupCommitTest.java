package dev.nodes.service.nodes.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.redis.MetricValues;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestRedis;
import dev.nodes.service.testing.TestService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many distinct viewers at once, each sending the same view twice, through two processes sharing one database
 * and one Redis: views are committed many to a transaction, yet every viewer is counted exactly once per node,
 * every {@code counted: true} answer has its row, and the counters and day buckets agree with the rows.
 */
class ViewGroupCommitTest {
    private static final int VIEWERS = 150;
    private static final int NODES = 3;

    @Test
    void concurrentViewsAreBatchedAndCountedExactlyOncePerViewer() throws Exception {
        try (TestService first =
                        TestService.start(Map.of("APP_REDIS_URL", TestRedis.url(), "APP_WORKERS_ENABLED", "false"));
                TestService second = TestService.replicaOf(first)) {
            List<HttpTestClient> replicas = List.of(first.http(), second.http());
            String author = TestService.token("batch-author", Role.USER);
            long[] nodes = new long[NODES];
            for (int i = 0; i < NODES; i++) {
                Response created = first.http().post("/v1/nodes", author, "{\"title\":\"viewed " + i + "\"}");
                assertEquals(201, created.status(), created.body());
                nodes[i] = created.json().get("id").asLong();
            }
            List<String> viewers = new ArrayList<>();
            for (int v = 0; v < VIEWERS; v++) {
                viewers.add(TestService.token("batch-viewer-" + v, Role.USER));
            }
            // every (viewer, node) twice, shuffled, many in flight at once
            List<int[]> requests = new ArrayList<>();
            for (int v = 0; v < VIEWERS; v++) {
                for (int n = 0; n < NODES; n++) {
                    requests.add(new int[] {v, n, 0});
                    requests.add(new int[] {v, n, 1});
                }
            }
            Collections.shuffle(requests, new Random(7));
            Map<String, AtomicInteger> countedAnswers = new ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(64);
            List<Future<?>> sent = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int[] r : requests) {
                    inFlight.acquire();
                    sent.add(pool.submit(() -> {
                        try {
                            Response answer = replicas.get(r[2])
                                    .post("/v1/nodes/" + nodes[r[1]] + "/views", viewers.get(r[0]), "{}");
                            assertEquals(200, answer.status(), answer.body());
                            if (answer.json().get("counted").asBoolean()) {
                                countedAnswers
                                        .computeIfAbsent(r[0] + ":" + r[1], k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            }

            assertEquals(VIEWERS * NODES, countedAnswers.size(), "every viewer's view of every node was counted");
            assertTrue(countedAnswers.values().stream().allMatch(c -> c.get() == 1), "counted once each");
            Sql sql = new Sql(first.database());
            assertEquals(VIEWERS * NODES, sql.count("node_views"));
            for (long node : nodes) {
                assertEquals(VIEWERS, sql.longValue("SELECT views_count FROM nodes WHERE id = ?", node));
                assertEquals(VIEWERS, sql.longValue("SELECT views FROM node_view_buckets WHERE node_id = ?", node));
            }
            double transactions = batches(first, "_count") + batches(second, "_count");
            double batched = batches(first, "_sum") + batches(second, "_sum");
            // every counted view went through a batch; a repeat went through one unless Redis already knew it
            assertTrue(batched >= VIEWERS * NODES && batched <= 2.0 * VIEWERS * NODES, "views in batches: " + batched);
            assertTrue(
                    transactions < batched, "views share transactions: " + transactions + " for " + batched + " views");
        }
    }

    private static double batches(TestService service, String suffix) {
        return MetricValues.value(
                service.http().get("/metrics", null).body(), "db_group_commit_batch_size" + suffix, "batch", "views");
    }
}
