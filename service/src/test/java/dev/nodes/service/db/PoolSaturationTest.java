package dev.nodes.service.db;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A pool held full by slow queries, with PostgreSQL up: requests get the overload answer (503 {@code overloaded},
 * Retry-After), not the outage one, and readiness stays 200 because PostgreSQL still answers beside the pool.
 */
class PoolSaturationTest {
    @Test
    void aFullPoolIsOverloadNotAnOutage() throws Exception {
        TestService service = TestService.start(Map.of("APP_DB_POOL_SIZE", "2", "APP_DB_POOL_WAIT_MS", "300"));
        String token = TestService.token("pool-user", Role.USER);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        DatabaseCoordinates db = service.database();
        try (Connection locker = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            assertEquals(200, service.http().get("/v1/nodes", token).status(), "the user is known before the lock");
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                // every query on nodes now waits: the requests below hold both pooled connections meanwhile
                s.execute("LOCK TABLE nodes IN ACCESS EXCLUSIVE MODE");
            }
            List<Future<Response>> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long id = 1_000_000 + i;
                slow.add(pool.submit(() -> service.http().get("/v1/nodes/" + id, token)));
            }
            // both pooled connections are held by the slow requests
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.http()
                            .get("/metrics", null)
                            .body()
                            .contains("db_pool_connections{state=\"active\"} 2.0"));

            Response refused = service.http().get("/v1/nodes/2000000", token);
            assertEquals(503, refused.status(), refused.body());
            assertEquals("overloaded", refused.errorCode(), refused.body());
            assertEquals("1", refused.header("Retry-After"));

            Response ready = service.http().get("/health/ready", null);
            assertEquals(200, ready.status(), ready.body());
            assertEquals("UP", ready.json().at("/checks/database").asText());
            assertEquals("SATURATED", ready.json().at("/checks/pool").asText());
            String metrics = service.http().get("/metrics", null).body();
            assertTrue(sample(metrics, "db_pool_timeouts_total") >= 1, "the waits that ran out are counted");
            assertTrue(metrics.contains("db_pool_acquire_seconds_bucket{le=\"5.0\"}"), "waits are a histogram");

            locker.rollback();
            for (Future<Response> f : slow) {
                assertEquals(404, f.get().status(), "the slow requests finish once the lock is gone");
            }
            String after = service.http().get("/metrics", null).body();
            assertTrue(
                    sample(after, "db_pool_usage_seconds_count")
                            > sample(after, "db_pool_usage_seconds_bucket{le=\"0.5\"}"),
                    "the connections held by the slow requests show as long holds");
        } finally {
            pool.shutdownNow();
            service.close();
        }
    }

    /** The value of one sample line of the text exposition, e.g. {@code db_pool_timeouts_total 3.0}. */
    private static double sample(String metrics, String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(line.find(), series + " is exposed");
        return Double.parseDouble(line.group(1));
    }
}
