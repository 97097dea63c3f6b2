package dev.nodes.service.nodes.engagement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TcpProxy;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Viewers keep viewing a node, three requests at a time each, while PostgreSQL goes away (every connection cut and
 * refused) and comes back, eight times. Every answer is true to the database when it arrives: a viewer told
 * {@code counted: true} has its row, one told {@code counted: false} has it too (the answer claims the view was counted
 * before); afterwards each viewer has exactly one row, was told {@code counted: true} at most once (never when the
 * commit's answer was lost to a cut: that client saw a 503), and the node's counter is the number of rows.
 */
class ViewsAcrossADatabaseOutageTest {
    private static final int VIEWERS = 6;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(10);

    @Test
    void everyViewAnswerIsTrueToTheDatabaseAcrossAnOutage() throws Exception {
        try (TestService service =
                TestService.startBehindProxy(Map.of("APP_DB_POOL_WAIT_MS", "1000", "APP_DB_POOL_SIZE", "4"))) {
            TcpProxy proxy = service.databaseProxy();
            Sql sql = new Sql(service.database());
            String admin = TestService.token("outage-admin", Role.ADMIN);
            Response created = service.http().post("/v1/nodes", admin, "{\"title\":\"viewed through an outage\"}");
            assertEquals(201, created.status(), created.body());
            long node = created.json().get("id").asLong();

            List<String> tokens = new ArrayList<>();
            Map<String, UUID> viewerIds = new ConcurrentHashMap<>();
            for (int i = 0; i < VIEWERS; i++) {
                String subject = "outage-viewer-" + i + "-" + UUID.randomUUID();
                String token = TestService.token(subject, Role.USER);
                viewerIds.put(token, UserIds.fromSubject(subject));
                assertEquals(200, service.http().get("/v1/nodes/" + node, token).status(), "the viewer is known");
                tokens.add(token);
            }
            Map<String, AtomicInteger> countedTrue = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> countedFalse = new ConcurrentHashMap<>();
            List<String> untrue = new CopyOnWriteArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (String token : tokens) {
                for (int t = 0; t < 3; t++) {
                    threads.add(Thread.ofVirtual().start(() -> {
                        while (running.get()) {
                            Response r = service.http().post("/v1/nodes/" + node + "/views", token, null);
                            if (r.status() == 200) {
                                answered.incrementAndGet();
                                boolean counted = r.json().get("counted").asBoolean();
                                (counted ? countedTrue : countedFalse)
                                        .computeIfAbsent(token, k -> new AtomicInteger())
                                        .incrementAndGet();
                                // the answer must already be true when it arrives (asked directly, not through the
                                // proxy)
                                if (sql.longValue(
                                                "SELECT count(*) FROM node_views WHERE node_id = ? AND viewer_id = ?::uuid",
                                                node,
                                                viewerIds.get(token).toString())
                                        != 1) {
                                    untrue.add("counted: " + counted + " for " + viewerIds.get(token)
                                            + " without its row");
                                }
                            } else if (r.status() == 503) {
                                unavailable.incrementAndGet();
                            } else {
                                other.incrementAndGet();
                            }
                        }
                    }));
                }
            }
            // short outages, so that requests that began during one end after it (where a claim can go wrong): each
            // lasts until every viewer has been refused once more, each recovery until answers flow again
            await().atMost(WAIT).until(() -> answered.get() > 0);
            for (int outage = 0; outage < 8; outage++) {
                int refusedBefore = unavailable.get();
                proxy.cut();
                await().atMost(WAIT).pollInterval(POLL).until(() -> unavailable.get() >= refusedBefore + VIEWERS);
                int answeredBefore = answered.get();
                proxy.restore();
                await().atMost(WAIT).pollInterval(POLL).until(() -> answered.get() > answeredBefore);
            }
            await().atMost(WAIT)
                    .until(() -> sql.longValue("SELECT count(*) FROM node_views WHERE node_id = ?", node) == VIEWERS);
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }

            assertEquals(List.of(), untrue, "answers the database did not back");
            assertEquals(0, other.get(), "only 200 and 503 answers");
            assertTrue(unavailable.get() > 0, "the outage was seen by the viewers");
            long rows = 0;
            for (String token : tokens) {
                long viewerRows = sql.longValue(
                        "SELECT count(*) FROM node_views WHERE node_id = ? AND viewer_id = ?::uuid",
                        node,
                        viewerIds.get(token).toString());
                int yes = countedTrue.getOrDefault(token, new AtomicInteger()).get();
                int no = countedFalse.getOrDefault(token, new AtomicInteger()).get();
                // at most once: a cut between the commit and its answer leaves a counted view whose client saw a 503,
                // and its retry is rightly told counted: false
                assertTrue(yes <= viewerRows, "counted: true " + yes + " times for " + viewerRows + " row(s)");
                assertEquals(
                        1, viewerRows, "every viewer's view was counted once after the outage (" + no + " repeats)");
                rows += viewerRows;
            }
            assertEquals(rows, sql.longValue("SELECT views_count FROM nodes WHERE id = ?", node));
        }
    }
}
