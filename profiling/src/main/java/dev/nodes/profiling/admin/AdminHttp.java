package dev.nodes.profiling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few admin API calls the profiling subcommands make (captures, broadcasts), as one admin. The JDK client is
 * enough here: a handful of requests, none of them measured. The token is sent, never printed.
 */
public final class AdminHttp implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final String token;
    private final HttpClient client;

    public AdminHttp(URI target, String adminToken) {
        this.target = target;
        this.token = adminToken;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Status and body of an answer. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        /** Status and the start of the body, for a message. */
        public String describe() {
            String text = body == null ? "" : body.strip();
            return status + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    public URI target() {
        return target;
    }

    public Answer get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    public Answer post(String path, String jsonBody) throws IOException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(target + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted: " + request.method() + " " + request.uri().getPath(), e);
        } catch (IOException e) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
