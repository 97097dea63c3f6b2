package dev.nodes.profiling.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.profiling.admin.AdminHttp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The broadcast admin API, as far as the worker profile needs it: create a draft, send it now, read its state. */
final class BroadcastClient {
    private static final String BASE = "/v1/notifications/admin/broadcasts";
    static final Set<String> FINAL = Set.of("sent", "failed", "cancelled");

    /** A broadcast's state: status and counts. */
    record State(UUID id, String status, long total, long sent, long failed, Instant startedAt, Instant finishedAt) {
        boolean finished() {
            return FINAL.contains(status);
        }

        /** From the worker's first claim to the last batch, as the service recorded it. */
        Optional<Duration> delivery() {
            return startedAt == null || finishedAt == null
                    ? Optional.empty()
                    : Optional.of(Duration.between(startedAt, finishedAt));
        }

        static State from(JsonNode json) {
            return new State(
                    UUID.fromString(json.path("id").asText()),
                    json.path("status").asText(),
                    json.path("total").asLong(),
                    json.path("sent").asLong(),
                    json.path("failed").asLong(),
                    instant(json, "started_at"),
                    instant(json, "finished_at"));
        }

        private static Instant instant(JsonNode json, String field) {
            JsonNode value = json.get(field);
            return value == null || value.isNull() ? null : Instant.parse(value.asText());
        }
    }

    private final AdminHttp http;

    BroadcastClient(AdminHttp http) {
        this.http = http;
    }

    /** A draft to all users: nothing is delivered until {@link #sendNow}. */
    State createAllUsersDraft(String title, String message) throws IOException {
        ObjectNode body = AdminHttp.JSON.createObjectNode().put("title", title).put("message", message);
        body.putObject("audience").put("type", "all_users");
        return State.from(expect(http.post(BASE, body.toString()), 201, "POST " + BASE));
    }

    State sendNow(UUID id) throws IOException {
        return State.from(
                expect(http.post(BASE + "/" + id + "/send-now", null), 202, "POST " + BASE + "/{id}/send-now"));
    }

    State get(UUID id) throws IOException {
        return State.from(expect(http.get(BASE + "/" + id), 200, "GET " + BASE + "/{id}"));
    }

    private static JsonNode expect(AdminHttp.Answer answer, int status, String what) throws IOException {
        if (answer.status() != status) {
            throw new IOException(what + " answered " + answer.describe());
        }
        return answer.json();
    }
}
