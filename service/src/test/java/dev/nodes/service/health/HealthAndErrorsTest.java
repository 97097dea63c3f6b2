package dev.nodes.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthAndErrorsTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void liveAndReadyAnswerWithoutToken() {
        assertEquals(200, service.http().get("/health/live", null).status());
        Response ready = service.http().get("/health/ready", null);
        assertEquals(200, ready.status(), ready.body());
        assertEquals("UP", ready.json().path("checks").path("database").asText());
    }

    @Test
    void unknownRouteIsNotFoundInContractShape() {
        Response response = service.http().get("/no/such/route", null);
        assertEquals(404, response.status());
        assertEquals("not_found", response.errorCode());
    }

    @Test
    void metricsAreTheTextFormat() {
        service.http().get("/health/live", null);
        Response metrics = service.http().get("/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"), metrics.header("Content-Type"));
        assertTrue(metrics.body().contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\""),
                metrics.body().lines().filter(l -> l.startsWith("http_server")).toList().toString());
        assertTrue(metrics.body().contains("db_pool_connections{state=\"active\"}"));
    }
}
