package dev.nodes.service.nodes.embedding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nodes.service.config.AppConfig.EmbeddingSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The openai provider against a real HTTP server on 127.0.0.1 that plays the embeddings endpoint. */
class OpenAiEmbeddingProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddingInput INPUT = new EmbeddingInput("Title", List.of("a", "b"), "content");
    private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20));

    /** What the fake endpoint does with the n-th request (1-based). */
    private interface Behaviour {
        void answer(int attempt, HttpExchange exchange) throws IOException, InterruptedException;
    }

    record Received(String method, String path, String authorization, String contentType, JsonNode body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseSlowAnswers = new CountDownLatch(1);
    private volatile Behaviour behaviour;
    private HttpServer server;
    private String baseUrl;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/embeddings", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        body));
                behaviour.answer(received.size(), exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
    }

    @AfterEach
    void stopServer() {
        releaseSlowAnswers.countDown();
        server.stop(0);
    }

    @Test
    void postsModelInputAndDimensionsWithBearerKeyAndReadsTheVector() throws Exception {
        behaviour = (attempt, exchange) -> respond(exchange, 200, vectorBody(0.25, -0.5, 0.125, 1));
        try (OpenAiEmbeddingProvider provider = provider(Optional.of("sk-test"), 2_000, 2)) {
            float[] vector = provider.embed(INPUT);
            assertArrayEquals(new float[] {0.25f, -0.5f, 0.125f, 1f}, vector);
        }
        assertEquals(1, received.size());
        Received request = received.getFirst();
        assertEquals("POST", request.method());
        assertEquals("/v1/embeddings", request.path(), "trailing slash of the base URL is not doubled");
        assertEquals("Bearer sk-test", request.authorization());
        assertEquals("application/json", request.contentType());
        assertEquals("test-model", request.body().path("model").asText());
        assertEquals(1, request.body().path("input").size());
        assertEquals(
                "Title\n\ntags: a, b\n\ncontent",
                request.body().path("input").path(0).asText());
        assertEquals(4, request.body().path("dimensions").asInt());
    }

    @Test
    void noAuthorizationHeaderWithoutKey() throws Exception {
        behaviour = (attempt, exchange) -> respond(exchange, 200, vectorBody(1, 0, 0, 0));
        try (OpenAiEmbeddingProvider provider = provider(Optional.empty(), 2_000, 0)) {
            provider.embed(INPUT);
        }
        assertNull(received.getFirst().authorization());
    }

    @Test
    void slowAnswerTimesOutIsRetriedAndEndsAsTimeout() {
        behaviour = (attempt, exchange) -> {
            // answers only when the test is over: far beyond the 200 ms timeout
            releaseSlowAnswers.await(30, TimeUnit.SECONDS);
            respond(exchange, 200, vectorBody(1, 0, 0, 0));
        };
        EmbeddingMetrics metrics = new EmbeddingMetrics(new PrometheusRegistry(), "openai");
        try (EmbeddingProvider provider = new MeteredEmbeddingProvider(provider(Optional.empty(), 200, 2), metrics)) {
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> provider.embed(INPUT));
            assertEquals(EmbeddingException.Kind.TIMEOUT, failure.kind());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("200 ms"), failure.getMessage());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        assertEquals(1.0, metrics.count("openai", EmbeddingMetrics.TIMEOUT));
        assertEquals(0.0, metrics.count("openai", EmbeddingMetrics.SUCCESS));
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedUntilSuccess() throws Exception {
        behaviour = (attempt, exchange) -> {
            switch (attempt) {
                case 1 -> respond(exchange, 503, "{\"error\":{\"message\":\"overloaded\"}}");
                case 2 -> {
                    exchange.getResponseHeaders().add("Retry-After", "30"); // capped by the backoff maximum
                    respond(exchange, 429, "{\"error\":{\"message\":\"rate limited\"}}");
                }
                default -> respond(exchange, 200, vectorBody(0, 1, 0, 0));
            }
        };
        EmbeddingMetrics metrics = new EmbeddingMetrics(new PrometheusRegistry(), "openai");
        try (EmbeddingProvider provider = new MeteredEmbeddingProvider(provider(Optional.empty(), 2_000, 3), metrics)) {
            assertArrayEquals(new float[] {0, 1, 0, 0}, provider.embed(INPUT));
        }
        assertEquals(3, received.size());
        assertEquals(1.0, metrics.count("openai", EmbeddingMetrics.SUCCESS));
        assertEquals(0.0, metrics.count("openai", EmbeddingMetrics.ERROR));
    }

    @Test
    void serverErrorsBeyondTheRetriesEndAsRetryableError() {
        behaviour = (attempt, exchange) -> respond(exchange, 500, "boom");
        try (OpenAiEmbeddingProvider provider = provider(Optional.empty(), 2_000, 1)) {
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> provider.embed(INPUT));
            assertEquals(EmbeddingException.Kind.ERROR, failure.kind());
            assertTrue(failure.retryable(), "a later job attempt may succeed");
            assertTrue(failure.getMessage().contains("HTTP 500"), failure.getMessage());
        }
        assertEquals(2, received.size());
    }

    @Test
    void badRequestIsNotRetried() {
        behaviour = (attempt, exchange) -> respond(exchange, 400, "{\"error\":{\"message\":\"input too long\"}}");
        EmbeddingMetrics metrics = new EmbeddingMetrics(new PrometheusRegistry(), "openai");
        try (EmbeddingProvider provider = new MeteredEmbeddingProvider(provider(Optional.empty(), 2_000, 3), metrics)) {
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> provider.embed(INPUT));
            assertEquals(EmbeddingException.Kind.ERROR, failure.kind());
            assertFalse(failure.retryable());
            assertTrue(
                    failure.getMessage().contains("HTTP 400")
                            && failure.getMessage().contains("input too long"),
                    failure.getMessage());
        }
        assertEquals(1, received.size());
        assertEquals(1.0, metrics.count("openai", EmbeddingMetrics.ERROR));
    }

    @Test
    void dimensionMismatchIsAnError() {
        behaviour = (attempt, exchange) -> respond(exchange, 200, vectorBody(0.1, 0.2, 0.3));
        try (OpenAiEmbeddingProvider provider = provider(Optional.empty(), 2_000, 3)) {
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> provider.embed(INPUT));
            assertEquals(EmbeddingException.Kind.ERROR, failure.kind());
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("dimension mismatch"), failure.getMessage());
        }
        assertEquals(1, received.size());
    }

    @Test
    void answerWithoutEmbeddingIsAnError() {
        behaviour = (attempt, exchange) -> respond(exchange, 200, "{\"data\":[]}");
        try (OpenAiEmbeddingProvider provider = provider(Optional.empty(), 2_000, 3)) {
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> provider.embed(INPUT));
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("data[0].embedding"), failure.getMessage());
        }
    }

    @Test
    void unreachableEndpointIsRetriedThenARetryableError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        EmbeddingSettings settings = settings("http://127.0.0.1:" + closedPort + "/v1", Optional.empty(), 2_000, 2);
        try (OpenAiEmbeddingProvider provider = new OpenAiEmbeddingProvider(settings, FAST)) {
            EmbeddingException failure = assertThrows(EmbeddingException.class, () -> provider.embed(INPUT));
            assertEquals(EmbeddingException.Kind.ERROR, failure.kind());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("cannot reach"), failure.getMessage());
        }
    }

    @Test
    void longInputIsCutToTheLimit() throws Exception {
        behaviour = (attempt, exchange) -> respond(exchange, 200, vectorBody(1, 0, 0, 0));
        String content = "word ".repeat(10_000);
        try (OpenAiEmbeddingProvider provider = provider(Optional.empty(), 2_000, 0)) {
            provider.embed(new EmbeddingInput("t", List.of(), content));
        }
        assertEquals(
                OpenAiEmbeddingProvider.MAX_INPUT_CHARS,
                received.getFirst().body().path("input").path(0).asText().length());
    }

    private OpenAiEmbeddingProvider provider(Optional<String> apiKey, int timeoutMillis, int retries) {
        return new OpenAiEmbeddingProvider(settings(baseUrl, apiKey, timeoutMillis, retries), FAST);
    }

    private static EmbeddingSettings settings(String baseUrl, Optional<String> apiKey, int timeoutMillis, int retries) {
        return new EmbeddingSettings(
                "openai",
                Optional.of(baseUrl),
                "test-model",
                apiKey,
                4,
                Duration.ofMillis(timeoutMillis),
                Duration.ofMillis(1_000),
                retries);
    }

    private static String vectorBody(double... values) {
        StringBuilder embedding = new StringBuilder();
        for (double value : values) {
            embedding.append(embedding.isEmpty() ? "" : ",").append(value);
        }
        return """
                {"object":"list","model":"test-model","usage":{"prompt_tokens":3,"total_tokens":3},
                 "data":[{"object":"embedding","index":0,"embedding":[%s]}]}""".formatted(embedding);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
