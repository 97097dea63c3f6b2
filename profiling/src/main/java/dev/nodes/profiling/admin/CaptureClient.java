package dev.nodes.profiling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/** Profiling captures through the service's admin API: start one, wait for it, fetch its flame graph. */
public final class CaptureClient {
    private static final String BASE = "/v1/admin/profiling/captures";
    /** The API's upper bound for one capture. */
    public static final int MAX_SECONDS = 120;

    private static final Duration POLL = Duration.ofMillis(250);

    private final AdminHttp http;

    public CaptureClient(AdminHttp http) {
        this.http = http;
    }

    /**
     * Fails unless the service takes the token as an admin's: asks for a capture that cannot exist, which an
     * admin gets a 404 for. Cheap, changes nothing, and tells a wrong secret apart from a broken service.
     */
    public void checkAdmin() throws IOException {
        AdminHttp.Answer answer = http.get(BASE + "/" + new UUID(0, 0));
        if (answer.status() == 401 || answer.status() == 403) {
            throw new IOException("the service refused the admin token minted from the JWT secret (" + answer.status()
                    + "): is the secret the service's APP_JWT_SECRET?");
        }
        if (answer.status() != 404) {
            throw new IOException("GET " + BASE + "/{id} answered " + answer.describe());
        }
    }

    /** Starts a capture of {@code seconds} (at most {@link #MAX_SECONDS}) sampling {@code event}. */
    public Capture start(int seconds, String event) throws IOException {
        return start(seconds, event, "");
    }

    /** The same, with the reason stored with the capture (blank: none; the API keeps at most 1000 characters). */
    public Capture start(int seconds, String event, String reason) throws IOException {
        ObjectNode body =
                AdminHttp.JSON.createObjectNode().put("seconds", seconds).put("event", event);
        if (!reason.isBlank()) {
            body.put("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        }
        AdminHttp.Answer answer = http.post(BASE, body.toString());
        if (answer.status() == 409) {
            throw new IOException("the target is already taking a capture (409); try again when it is done");
        }
        if (answer.status() != 201) {
            throw new IOException("POST " + BASE + " answered " + answer.describe());
        }
        return Capture.from(answer.json());
    }

    public Capture get(UUID id) throws IOException {
        AdminHttp.Answer answer = http.get(BASE + "/" + id);
        if (!answer.ok()) {
            throw new IOException("GET " + BASE + "/" + id + " answered " + answer.describe());
        }
        return Capture.from(answer.json());
    }

    /** Polls until the capture is no longer running; throws when that takes longer than {@code timeout}. */
    public Capture awaitFinished(UUID id, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Capture capture = get(id);
            if (!capture.running()) {
                return capture;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("capture " + id + " still running after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for capture " + id, e);
            }
        }
    }

    /** The capture's flame graph as the service renders it. */
    public String flameGraphSvg(UUID id) throws IOException {
        AdminHttp.Answer answer = http.get(BASE + "/" + id + "/flamegraph.svg");
        if (!answer.ok()) {
            throw new IOException("GET " + BASE + "/" + id + "/flamegraph.svg answered " + answer.describe());
        }
        return answer.body();
    }

    /** The service's differential flame graph of {@code id} against {@code baseline} (growth red, shrinkage blue). */
    public String diffSvg(UUID id, UUID baseline) throws IOException {
        String path = BASE + "/" + id + "/diff?baseline=" + baseline;
        AdminHttp.Answer answer = http.get(path);
        if (!answer.ok()) {
            throw new IOException("GET " + path + " answered " + answer.describe());
        }
        return answer.body();
    }

    /**
     * The service's summary of {@code id} against {@code baseline}: the {@code summary} object of the diff route's
     * JSON ({@code grew_by_self}, {@code grew_by_total}, {@code shrank_by_self}, ...), the top frames each way.
     */
    public JsonNode diffSummary(UUID id, UUID baseline, int top) throws IOException {
        String path = BASE + "/" + id + "/diff?baseline=" + baseline + "&format=json&top=" + top;
        AdminHttp.Answer answer = http.get(path);
        if (!answer.ok()) {
            throw new IOException("GET " + path + " answered " + answer.describe());
        }
        JsonNode summary = answer.json().path("summary");
        if (!summary.isObject()) {
            throw new IOException("GET " + path + " answered without a summary: " + answer.body());
        }
        return summary;
    }
}
