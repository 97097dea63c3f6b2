package dev.nodes.profiling.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JDK HttpClient over HTTP/1.1 with keep-alive (its connection pool keeps one connection per concurrent
 * request), its callbacks on virtual threads.
 */
final class ApiClient implements AutoCloseable {
    /** The status recorded for a request that got no HTTP response (connection error, timeout). */
    static final int NO_RESPONSE = 0;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    ApiClient(URI target) {
        this.base = target.toString();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** Sends and reads (discards) the body: the status, or {@link #NO_RESPONSE}. */
    int status(BenchRequest request) {
        try {
            return http.send(build(request), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_RESPONSE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_RESPONSE;
        }
    }

    /** Sends and returns status and body; for seeding, where the answer matters. */
    Response exchange(BenchRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(build(request), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest build(BenchRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(REQUEST_TIMEOUT)
                .method(request.method(), request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.token() != null) {
            builder.header("Authorization", "Bearer " + request.token());
        }
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }

    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() throws IOException {
            return ReportJson.MAPPER.readTree(body);
        }

        /** Status and the start of the body, for a warning. */
        String describe() {
            String text = body == null ? "" : body.strip();
            return status + " " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }
}
