package dev.nodes.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void theServicesOwnPathsAnswerOtherMethodsWith405() {
        for (String path : new String[] {"/health/live", "/health/ready", "/metrics", "/openapi.yaml"}) {
            Response r = service.http().send("POST", path, null, "{}", "application/json");
            assertEquals(405, r.status(), path + " " + r.body());
            assertEquals("method_not_allowed", r.errorCode(), path);
        }
    }

    @Test
    void metricsAreTheTextFormat() {
        service.http().get("/health/live", null);
        Response metrics = service.http().get("/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(
                metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"), metrics.header("Content-Type"));
        assertTrue(
                metrics.body().contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\""),
                metrics.body()
                        .lines()
                        .filter(l -> l.startsWith("http_server"))
                        .toList()
                        .toString());
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

    @Test
    void aBrokenChunkedBodyIsABadRequest() throws Exception {
        String token = TestService.token("chunked", Role.USER);
        for (String chunks :
                new String[] {"zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX\r\n0\r\n\r\n", "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"
                }) {
            String response = rawRequest("POST /v1/nodes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + chunks);
            assertTrue(response.startsWith("HTTP/1.1 400"), chunks + " -> " + response);
            assertTrue(response.contains("{\"error\":{\"code\":\"invalid_"), response);
        }
    }

    @Test
    void onShutdownReadinessTurnsDownWhileRequestsAreStillAnsweredForTheDrainPeriod() throws Exception {
        TestService draining = TestService.start(Map.of("APP_SHUTDOWN_DRAIN_SECONDS", "3"));
        try {
            assertEquals(200, draining.http().get("/health/ready", null).status());
            int port = draining.port();
            Thread stopping = Thread.ofPlatform().start(draining::drainThenClose);
            Response ready = null;
            for (int i = 0; i < 50 && (ready == null || ready.status() != 503); i++) {
                ready = draining.http().get("/health/ready", null);
            }
            assertEquals(503, ready.status(), ready.body());
            assertEquals("DRAINING", ready.json().path("status").asText());
            assertTrue(stopping.isAlive(), "still draining");
            assertEquals(200, draining.http().get("/v1/nodes/dev-blog", null).status(), "requests are still answered");
            stopping.join(30_000);
            assertTrue(!stopping.isAlive(), "stopped after the drain");
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "no longer listening");
        } finally {
            draining.close();
        }
    }

    @Test
    void connectionCloseClosesAfterAnswersErrorsAndBodies() throws Exception {
        String token = TestService.token("closer", Role.USER);
        Map<String, String> requests = Map.of(
                "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 200",
                "GET /no/such/route HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "HTTP/1.1 404",
                "POST /v1/nodes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{\"x\": 1}",
                "HTTP/1.1 400");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            // read to the end of the stream: it ends only if the server closes (5 s socket timeout otherwise)
            String response = rawRequest(request.getKey());
            assertTrue(response.startsWith(request.getValue()), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("connection: close"), response);
        }
    }

    @Test
    void aKeptAliveConnectionAnswersTheNextRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(5000);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream()
                        .write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                String response = readOneResponse(socket.getInputStream());
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
            }
        }
    }

    /** One request on its own socket, the response read to the end of the stream (the server closes it). */
    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One response of a kept-alive connection, read by its Content-Length. */
    private static String readOneResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, StandardCharsets.UTF_8);
    }
}
