package dev.nodes.service.nodes.embedding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.config.AppConfig.EmbeddingSettings;
import dev.nodes.service.nodes.embedding.EmbeddingException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Any OpenAI-compatible {@code POST {baseUrl}/embeddings}: {@code {"model", "input": [text], "dimensions"}} with
 * {@code Authorization: Bearer <key>} when a key is configured; the vector is {@code data[0].embedding}.
 *
 * <p>Each attempt must be answered within the configured timeout (connect timeout separately). Timeouts,
 * connection failures, 429 and 5xx are retried up to {@code retries} times with jittered exponential backoff
 * (a {@code Retry-After} in seconds is honoured up to the backoff cap); any other 4xx, an unreadable answer and a
 * vector of the wrong dimension are not: trying again would give the same answer.
 *
 * <p>{@code dimensions} is sent because OpenAI's text-embedding-3 models return 1536+ values otherwise; servers
 * that do not support shortening ignore it or answer with another length, which is then reported as an error.
 */
public final class OpenAiEmbeddingProvider implements EmbeddingProvider {
    /** About 6k tokens of English: stays under the 8k-token input limit of OpenAI's embedding models. */
    static final int MAX_INPUT_CHARS = 24_000;

    static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4));
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ERROR_SNIPPET = 300;

    private final URI endpoint;
    private final String model;
    private final Optional<String> apiKey;
    private final int dimensions;
    private final Duration timeout;
    private final int retries;
    private final Backoff backoff;
    private final HttpClient client;

    public OpenAiEmbeddingProvider(EmbeddingSettings settings) {
        this(settings, DEFAULT_BACKOFF);
    }

    OpenAiEmbeddingProvider(EmbeddingSettings settings, Backoff backoff) {
        String base = settings.baseUrl()
                .orElseThrow(() -> new IllegalArgumentException("the openai embedding provider needs a base URL"));
        this.endpoint = URI.create(base.replaceAll("/+$", "") + "/embeddings");
        this.model = settings.model();
        this.apiKey = settings.apiKey().filter(key -> !key.isBlank());
        this.dimensions = settings.dimensions();
        this.timeout = settings.timeout();
        this.retries = settings.retries();
        this.backoff = backoff;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(EmbeddingInput input) throws EmbeddingException, InterruptedException {
        HttpRequest request = request(input.asText(MAX_INPUT_CHARS));
        EmbeddingException last = null;
        Duration retryAfter = Duration.ZERO;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                Duration wait = backoff.delay(attempt);
                Thread.sleep(retryAfter.compareTo(wait) > 0 ? retryAfter : wait);
            }
            HttpResponse<String> response;
            try {
                response = send(request);
            } catch (EmbeddingException e) {
                last = e;
                retryAfter = Duration.ZERO;
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return vector(response.body());
            }
            last = new EmbeddingException(
                    Kind.ERROR,
                    status == 429 || status >= 500,
                    "embedding endpoint answered HTTP " + status + ": " + snippet(response.body()));
            if (!last.retryable()) {
                throw last;
            }
            retryAfter = retryAfter(response);
        }
        throw last;
    }

    private HttpRequest request(String text) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", model);
        body.putArray("input").add(text);
        body.put("dimensions", dimensions);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request.build();
    }

    /** One attempt; the whole exchange (not only the wait for the headers) is bounded by the timeout. */
    private HttpResponse<String> send(HttpRequest request) throws EmbeddingException, InterruptedException {
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(cause);
            }
            if (cause instanceof IOException) {
                throw new EmbeddingException(
                        Kind.ERROR, true, "cannot reach the embedding endpoint " + endpoint + ": " + cause, cause);
            }
            throw new EmbeddingException(Kind.ERROR, false, "embedding request failed: " + cause, cause);
        }
    }

    private EmbeddingException timedOut(Throwable cause) {
        return new EmbeddingException(
                Kind.TIMEOUT,
                true,
                "embedding endpoint " + endpoint + " did not answer within " + timeout.toMillis() + " ms",
                cause);
    }

    private float[] vector(String body) throws EmbeddingException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new EmbeddingException(
                    Kind.ERROR, false, "embedding endpoint answered invalid JSON: " + snippet(body));
        }
        JsonNode embedding = root == null ? null : root.path("data").path(0).path("embedding");
        if (embedding == null || !embedding.isArray()) {
            throw new EmbeddingException(
                    Kind.ERROR, false, "embedding endpoint answered without data[0].embedding: " + snippet(body));
        }
        if (embedding.size() != dimensions) {
            throw new EmbeddingException(
                    Kind.ERROR,
                    false,
                    "embedding dimension mismatch: model " + model + " returned " + embedding.size()
                            + " values, APP_EMBEDDING_DIM is " + dimensions);
        }
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            JsonNode value = embedding.get(i);
            if (!value.isNumber()) {
                throw new EmbeddingException(Kind.ERROR, false, "embedding value " + i + " is not a number");
            }
            vector[i] = value.floatValue();
        }
        return vector;
    }

    /** A {@code Retry-After} given in seconds, capped at the backoff's maximum. */
    private Duration retryAfter(HttpResponse<?> response) {
        try {
            return response.headers()
                    .firstValue("Retry-After")
                    .map(value -> Duration.ofSeconds(Long.parseLong(value.trim())))
                    .filter(wait -> !wait.isNegative())
                    .map(wait -> wait.compareTo(backoff.max()) > 0 ? backoff.max() : wait)
                    .orElse(Duration.ZERO);
        } catch (NumberFormatException e) {
            return Duration.ZERO; // an HTTP date: the own backoff is good enough
        }
    }

    private static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() <= ERROR_SNIPPET ? flat : flat.substring(0, ERROR_SNIPPET) + "...";
    }

    @Override
    public void close() {
        client.shutdownNow(); // the worker has stopped: nothing left worth waiting for
    }
}
