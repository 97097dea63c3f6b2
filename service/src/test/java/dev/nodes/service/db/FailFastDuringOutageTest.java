package dev.nodes.service.db;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TcpProxy;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Once a request has found PostgreSQL unreachable, the next ones are refused at once (counted in
 * {@code db_pool_refused_while_down_total}) instead of each waiting out the pool's timeout; readiness says DOWN;
 * when PostgreSQL is back the service answers again without a restart.
 */
class FailFastDuringOutageTest {
    @Test
    void requestsDuringAKnownOutageAreRefusedWithoutWaiting() {
        try (TestService service = TestService.startBehindProxy(Map.of("APP_DB_POOL_WAIT_MS", "5000"))) {
            TcpProxy proxy = service.databaseProxy();
            String admin = TestService.token("fail-fast", Role.ADMIN);
            Response created = service.http().post("/v1/nodes", admin, "{\"title\":\"before the outage\"}");
            assertEquals(201, created.status(), created.body());

            proxy.cut();
            Response first = service.http().post("/v1/nodes", admin, "{\"title\":\"during\"}");
            assertEquals(503, first.status(), first.body());
            assertEquals("unavailable", first.errorCode());
            // that failure (a pooled connection lost mid-statement) is enough to know: the very next request does
            // not wait out the pool's 5 s first
            double timeoutsBefore = sample(service, "db_pool_timeouts_total");
            Response next = service.http().post("/v1/nodes", admin, "{\"title\":\"right after\"}");
            assertEquals(503, next.status(), next.body());
            assertEquals(
                    timeoutsBefore,
                    sample(service, "db_pool_timeouts_total"),
                    "refused at once, right after the first failure: no wait for the pool ran out");
            double refusedBefore = refused(service);
            for (int i = 0; i < 20; i++) {
                Response r = service.http().post("/v1/nodes", admin, "{\"title\":\"during " + i + "\"}");
                assertEquals(503, r.status(), r.body());
                assertEquals("unavailable", r.errorCode());
            }
            assertTrue(
                    refused(service) - refusedBefore >= 15,
                    "refused without waiting: " + (refused(service) - refusedBefore));
            assertEquals(503, service.http().get("/health/ready", null).status());

            proxy.restore();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service.http()
                                    .post("/v1/nodes", admin, "{\"title\":\"after\"}")
                                    .status()
                            == 201);
            assertEquals(200, service.http().get("/health/ready", null).status());
        }
    }

    private static double refused(TestService service) {
        return sample(service, "db_pool_refused_while_down_total");
    }

    private static double sample(TestService service, String series) {
        return service.http()
                .get("/metrics", null)
                .body()
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + series));
    }
}
