package dev.nodes.e2e;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The service's API through its Service address, as a client with a signed token calls it. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI base;
    private final String token;

    /** What came back. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A client whose token says: this UUID, this role (admin, moderator, user), valid for an hour. */
    public static ApiClient as(URI base, String jwtSecret, UUID subject, String role) {
        return new ApiClient(base, token(jwtSecret, subject, role, Duration.ofHours(1)));
    }

    /** An HS256 token as the service expects it. */
    public static String token(String jwtSecret, UUID subject, String role, Duration validFor) {
        return JWT.create()
                .withSubject(subject.toString())
                .withClaim("role", role)
                .withExpiresAt(Instant.now().plus(validFor))
                .sign(Algorithm.HMAC256(jwtSecret));
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
