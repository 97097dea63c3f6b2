package dev.nodes.service.profiling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.service.db.Rows;
import dev.nodes.service.http.Json;
import dev.nodes.service.profiling.flamegraph.TopFrame;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code profiling_captures}. */
final class CaptureRepository {
    private static final String COLUMNS =
            "id, status, event, seconds, reason, started_at, finished_at, profiler, samples, top_frames, error";

    /**
     * How long after its planned end a capture still counts as running. Past that its process died or lost the
     * database before writing the result, and it is reported as failed.
     */
    private static final int ABANDONED_AFTER_SECONDS = 120;

    Capture insert(DbExecute db, CaptureRequest request, UUID createdBy) {
        return db.get(
                        "INSERT INTO profiling_captures (event, seconds, reason, created_by) VALUES (?, ?, ?, ?) RETURNING "
                                + COLUMNS,
                        request.event().wireName(),
                        request.seconds(),
                        request.reason().orElse(null),
                        createdBy)
                .map(CaptureRepository::toCapture)
                .orElseThrow();
    }

    Optional<Capture> find(DbExecute db, UUID id) {
        db.dml("""
                UPDATE profiling_captures
                   SET status = 'failed', finished_at = now(),
                       error = 'abandoned: the process taking it stopped before storing a result'
                 WHERE id = ? AND status = 'running'
                   AND started_at < now() - make_interval(secs => seconds + ?)""", id, ABANDONED_AFTER_SECONDS);
        return db.get("SELECT " + COLUMNS + " FROM profiling_captures WHERE id = ?", id)
                .map(CaptureRepository::toCapture);
    }

    /** The collapsed stacks of a capture that is done. */
    Optional<String> collapsed(DbExecute db, UUID id) {
        return db.get("SELECT collapsed FROM profiling_captures WHERE id = ? AND status = 'done'", id)
                .map(row -> Rows.string(row, "collapsed"));
    }

    void finish(DbExecute db, UUID id, String profiler, long samples, String collapsed, List<TopFrame> topFrames) {
        db.dml("""
                UPDATE profiling_captures
                   SET status = 'done', profiler = ?, samples = ?, collapsed = ?, top_frames = ?, finished_at = now()
                 WHERE id = ? AND status = 'running'""", profiler, samples, collapsed, Json.write(topFrames), id);
    }

    void fail(DbExecute db, UUID id, String profiler, String error) {
        db.dml("""
                UPDATE profiling_captures SET status = 'failed', profiler = ?, error = ?, finished_at = now()
                 WHERE id = ? AND status = 'running'""", profiler, error, id);
    }

    private static Capture toCapture(DbRow row) {
        Object samples = Rows.raw(row, "samples");
        return new Capture(
                Rows.uuid(row, "id"),
                Rows.string(row, "status"),
                Rows.string(row, "event"),
                Rows.intValue(row, "seconds"),
                Rows.string(row, "reason"),
                Rows.instant(row, "started_at"),
                Rows.instant(row, "finished_at"),
                Rows.string(row, "profiler"),
                samples == null ? null : ((Number) samples).longValue(),
                topFrames(Rows.string(row, "top_frames")),
                Rows.string(row, "error"));
    }

    private static List<TopFrame> topFrames(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<TopFrame> frames = new ArrayList<>();
            for (JsonNode f : Json.MAPPER.readTree(json)) {
                frames.add(new TopFrame(
                        f.path("frame").asText(),
                        f.path("self_samples").asLong(),
                        f.path("self_percent").asDouble(),
                        f.path("total_samples").asLong(),
                        f.path("total_percent").asDouble()));
            }
            return frames;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("top_frames of a capture is not valid JSON", e);
        }
    }
}
