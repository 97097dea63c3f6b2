package dev.nodes.service.nodes.embedding;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.ErrorHandling;
import io.helidon.dbclient.DbRow;

/**
 * The worker's side of {@code embedding_jobs}: claims with a lease, stores results, retries and failures.
 * Every change of a claimed job is guarded by {@code locked_by}, so a worker whose lease was taken over cannot
 * overwrite the state the new owner writes.
 */
final class EmbeddingJobQueue {
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * What the vector was computed from. Compared again when storing: if the node changed meanwhile, the vector is
     * stale and a new job computes the current one.
     */
    private static final String FINGERPRINT = """
            md5(n.title || chr(31) || n.content || chr(31) || (
                SELECT coalesce(string_agg(t.slug, ',' ORDER BY t.slug), '')
                FROM product_node_tags t WHERE t.node_id = n.id))""";

    /** A job this worker holds; {@code attempts} counts this one. */
    record ClaimedJob(long id, long nodeId, int attempts) {
    }

    /** A live node's text and the fingerprint of that text. */
    record NodeText(long id, String slug, EmbeddingInput input, String fingerprint) {
    }

    private final Database database;
    private final String workerId;

    EmbeddingJobQueue(Database database, String workerId) {
        this.database = database;
        this.workerId = workerId;
    }

    /** Queued jobs whose {@code run_after} has come, oldest first; other workers' claims are skipped, not awaited. */
    List<ClaimedJob> claimDue(int limit, Duration lease) {
        return claim("""
                SELECT id FROM embedding_jobs
                WHERE status = 'queued' AND run_after <= now()
                ORDER BY run_after
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", limit, lease);
    }

    /** Running jobs whose worker's lease ran out (it died or hung): taken over, nothing is lost. */
    List<ClaimedJob> claimExpired(int limit, Duration lease) {
        return claim("""
                SELECT id FROM embedding_jobs
                WHERE status = 'running' AND locked_until < now()
                ORDER BY locked_until
                LIMIT ?
                FOR UPDATE SKIP LOCKED""", limit, lease);
    }

    private List<ClaimedJob> claim(String select, int limit, Duration lease) {
        String sql = """
                WITH claimable AS (%s)
                UPDATE embedding_jobs j
                SET status = 'running', attempts = j.attempts + 1, locked_by = ?,
                    locked_until = now() + CAST(? AS double precision) * interval '1 millisecond', updated_at = now()
                FROM claimable WHERE j.id = claimable.id
                RETURNING j.id, j.node_id, j.attempts""".formatted(select);
        try (Stream<DbRow> rows = database.execute().query(sql, limit, workerId, (double) lease.toMillis())) {
            return rows.map(row -> new ClaimedJob(
                            row.column("id").get(Long.class),
                            row.column("node_id").get(Long.class),
                            row.column("attempts").get(Integer.class)))
                    .toList();
        }
    }

    /** The node's text, or empty when it is gone or soft-deleted. */
    Optional<NodeText> loadNode(long nodeId) {
        return database.execute().get("""
                SELECT n.id, n.slug, n.title, n.content,
                       (SELECT coalesce(string_agg(t.slug, ',' ORDER BY t.slug), '')
                        FROM product_node_tags t WHERE t.node_id = n.id) AS tags,
                       %s AS fingerprint
                FROM nodes n
                WHERE n.id = ? AND n.deleted_at IS NULL""".formatted(FINGERPRINT), nodeId)
                .map(row -> {
                    String tags = row.column("tags").get(String.class);
                    return new NodeText(
                            row.column("id").get(Long.class),
                            row.column("slug").get(String.class),
                            new EmbeddingInput(row.column("title").get(String.class),
                                    tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                                    row.column("content").get(String.class)),
                            row.column("fingerprint").get(String.class));
                });
    }

    /**
     * Stores the vector if the node still has the text it was computed from, and finishes the job. If the node
     * changed meanwhile, queues a new job instead (normally the change queued one already).
     *
     * @return the node's current slug when its row changed (for the cache), empty when the node is gone
     */
    Optional<String> store(ClaimedJob job, NodeText node, float[] vector, String model) {
        return database.inTransaction(tx -> {
            Optional<String> slug = tx.get("""
                    UPDATE nodes n
                    SET embedding = CAST(? AS real[]), embedding_model = ?, embedding_updated_at = now(),
                        embedding_status = 'ready'
                    WHERE n.id = ? AND n.deleted_at IS NULL AND %s = ?
                    RETURNING n.slug""".formatted(FINGERPRINT),
                    arrayLiteral(vector), model, node.id(), node.fingerprint())
                    .map(row -> row.column("slug").get(String.class));
            if (slug.isEmpty()) {
                slug = tx.get("SELECT slug FROM nodes WHERE id = ? AND deleted_at IS NULL", node.id())
                        .map(row -> row.column("slug").get(String.class));
                if (slug.isPresent()) {
                    EmbeddingJobs.queue(tx, node.id());
                }
            }
            tx.dml("""
                    UPDATE embedding_jobs
                    SET status = 'done', last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = now()
                    WHERE id = ? AND locked_by = ?""",
                    slug.isEmpty() ? "node deleted" : null, job.id(), workerId);
            return slug;
        });
    }

    /** Finishes a job that has nothing to do (its node was deleted, or a newer job replaces it). */
    void done(ClaimedJob job, String note) {
        database.execute().dml("""
                UPDATE embedding_jobs
                SET status = 'done', last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = now()
                WHERE id = ? AND locked_by = ?""", note, job.id(), workerId);
    }

    /** Queues the job again after {@code delay}; {@code countAttempt = false} gives the attempt back (shutdown). */
    void requeue(ClaimedJob job, Duration delay, String error, boolean countAttempt) {
        try {
            database.execute().dml("""
                    UPDATE embedding_jobs
                    SET status = 'queued', attempts = attempts - ?, last_error = ?,
                        run_after = now() + CAST(? AS double precision) * interval '1 millisecond',
                        locked_by = NULL, locked_until = NULL, updated_at = now()
                    WHERE id = ? AND locked_by = ?""",
                    countAttempt ? 0 : 1, error, (double) delay.toMillis(), job.id(), workerId);
        } catch (RuntimeException e) {
            if (!UNIQUE_VIOLATION.equals(ErrorHandling.sqlState(e))) {
                throw e;
            }
            // the node changed meanwhile and has a queued job already: that one covers this
            done(job, "superseded by a newer queued job");
        }
    }

    /**
     * Gives the job up with its error. The node shows {@code failed} unless a newer job for it is still to run.
     *
     * @return the node's slug when its row changed (for the cache)
     */
    Optional<String> fail(ClaimedJob job, String error) {
        return database.inTransaction(tx -> {
            // the node row first, as in store() and in the API's writes: one lock order, no deadlock
            Optional<String> slug = tx.get("""
                    UPDATE nodes n SET embedding_status = 'failed'
                    WHERE n.id = ? AND n.deleted_at IS NULL AND n.embedding_status <> 'failed'
                      AND NOT EXISTS (SELECT 1 FROM embedding_jobs j
                                      WHERE j.node_id = n.id AND j.id <> ? AND j.status IN ('queued', 'running'))
                    RETURNING n.slug""", job.nodeId(), job.id())
                    .map(row -> row.column("slug").get(String.class));
            tx.dml("""
                    UPDATE embedding_jobs
                    SET status = 'failed', last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = now()
                    WHERE id = ? AND locked_by = ?""", error, job.id(), workerId);
            return slug;
        });
    }

    /** Deletes finished jobs past their retention; failed ones stay longer for inspection. */
    long prune(Duration doneRetention, Duration failedRetention) {
        return database.execute().dml("""
                DELETE FROM embedding_jobs
                WHERE (status = 'done' AND updated_at < now() - CAST(? AS double precision) * interval '1 second')
                   OR (status = 'failed' AND updated_at < now() - CAST(? AS double precision) * interval '1 second')""",
                (double) doneRetention.toSeconds(), (double) failedRetention.toSeconds());
    }

    /** PostgreSQL array input syntax; {@code Float.toString} round-trips exactly into {@code real}. */
    static String arrayLiteral(float[] vector) {
        StringBuilder text = new StringBuilder(vector.length * 12).append('{');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(Float.toString(vector[i]));
        }
        return text.append('}').toString();
    }
}
