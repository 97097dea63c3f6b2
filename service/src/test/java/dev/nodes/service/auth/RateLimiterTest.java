package dev.nodes.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nodes.service.http.ApiException;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestService;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final Caller user = new Caller(UUID.randomUUID(), "u", Role.USER);

    @Test
    void aBurstPassesThenTheCallerWaitsForTheRefill() {
        RateLimiter limiter = new RateLimiter(2, 3, now::get);
        for (int i = 0; i < 3; i++) {
            limiter.acquire(user);
        }
        ApiException refused = assertThrows(ApiException.class, () -> limiter.acquire(user));
        assertEquals("rate_limited", refused.code());
        assertEquals(429, refused.status().code());
        assertEquals(1L, refused.details().get("retry_after_seconds"), "half a second rounds up to 1 s");
        now.addAndGet(500_000_000L);
        limiter.acquire(user);
        assertThrows(ApiException.class, () -> limiter.acquire(user));
        limiter.acquire(new Caller(UUID.randomUUID(), "other", Role.USER));
    }

    @Test
    void staffAreNotThrottledAndZeroMeansOff() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        Caller admin = new Caller(UUID.randomUUID(), "a", Role.ADMIN);
        Caller moderator = new Caller(UUID.randomUUID(), "m", Role.MODERATOR);
        for (int i = 0; i < 10; i++) {
            limiter.acquire(admin);
            limiter.acquire(moderator);
        }
        RateLimiter off = RateLimiter.off();
        for (int i = 0; i < 1000; i++) {
            off.acquire(user);
        }
    }

    @Test
    void overTheLimitTheApiAnswers429WithRetryAfterAndChangesNothing() {
        try (TestService service =
                TestService.start(Map.of("APP_RATE_LIMIT_PER_SECOND", "1", "APP_RATE_LIMIT_BURST", "2"))) {
            String token = TestService.token("eager-" + UUID.randomUUID(), Role.USER);
            Sql sql = new Sql(service.database());
            // 1 request/s with a burst of 2: twenty in a row cannot all pass, however slow the machine
            Response refused = null;
            long nodes = 0;
            for (int i = 0; i < 20 && refused == null; i++) {
                nodes = sql.count("nodes");
                Response response = service.http().post("/v1/nodes", token, "{\"title\":\"n" + i + "\"}");
                if (response.status() == 429) {
                    refused = response;
                } else {
                    assertEquals(201, response.status(), response.body());
                }
            }
            assertEquals(429, refused == null ? 0 : refused.status(), "a request over the limit is refused");
            assertEquals("rate_limited", refused.errorCode());
            assertEquals("1", refused.header("Retry-After"));
            assertEquals(nodes, sql.count("nodes"));
            assertEquals(
                    200,
                    service.http()
                            .get("/v1/nodes", TestService.token("boss", Role.ADMIN))
                            .status());
        }
    }
}
