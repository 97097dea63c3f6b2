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

    @Test
    void requestsTheServerRefusesBeforeRoutingStillGetTheContractShape() throws Exception {
        for (String target : new String[] {"/v1/nodes?limit=%zz", "/v1/nodes/%zz"}) {
            String response = rawRequest("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("{\"error\":{\"code\":\"invalid_query\""), response);
        }
    }

    private static String rawRequest(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
