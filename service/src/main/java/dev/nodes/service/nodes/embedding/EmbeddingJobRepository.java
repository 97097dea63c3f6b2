package dev.nodes.service.nodes.embedding;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.ErrorHandling;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * All SQL of embeddings. The nodes code's side ({@link #queue}, {@link #markDisabled}, in the caller's transaction)
 * and the worker's side of {@code embedding_jobs}: claims with a lease, stores results, retries and failures.
 * Every change of a claimed job is guarded by {@code locked_by}, so a worker whose lease was taken over cannot
 * overwrite the state the new owner writes.
 */
final class EmbeddingJobRepository {
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * What the vector was computed from. Compared again when storing: if the node changed meanwhile, the vector is
     * stale and a new job computes the current one.
     */
    private static final String FINGERPRINT = """
            md5(n.title || chr(31) || n.content || chr(31) || (
                SELECT coalesce(string_agg(t.slug, ',' ORDER BY t.slug), '')
                FROM product_node_tags t WHERE t.node_id = n.id))""";

    /** The node needs no embedding: the provider is {@code disabled}. */
    static void markDisabled(DbExecute tx, long nodeId) {
        tx.dml("UPDATE nodes SET embedding_status = 'disabled' WHERE id = ?", nodeId);
    }

    /**
     * Marks the node pending and inserts the queued job, unless one is queued already (partial unique index).
     * The node row is locked first, as every writer of nodes and jobs does: one lock order, no deadlock.
     */
    static void queue(DbExecute tx, long nodeId) {
        long nodes = tx.dml("UPDATE nodes SET embedding_status = 'pending' WHERE id = ?", nodeId);
        if (nodes == 0) {
            throw new IllegalArgumentException("no node " + nodeId + " to compute an embedding for");
        }
        tx.dml("""
                INSERT INTO embedding_jobs (node_id) VALUES (?)
                ON CONFLICT (node_id) WHERE status = 'queued' DO NOTHING""", nodeId);
    }

    /** A job this worker holds; {@code attempts} counts this one. */
    record ClaimedJob(long id, long nodeId, int attempts) {}

    /** A live node's text and the fingerprint of that text. */
    record NodeText(long id, String slug, EmbeddingInput input, String fingerprint) {}

    private final Database database;
    private final String workerId;

    EmbeddingJobRepository(Database database, String workerId) {
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

    /** The texts of the live nodes among {@code nodeIds}, by id; gone and soft-deleted nodes are absent. */
    Map<Long, NodeText> loadNodes(Collection<Long> nodeIds) {
        if (nodeIds.isEmpty()) {
            return Map.of();
        }
        try (Stream<DbRow> rows = database.execute().query("""
                SELECT n.id, n.slug, n.title, n.content,
                       (SELECT coalesce(string_agg(t.slug, ',' ORDER BY t.slug), '')
                        FROM product_node_tags t WHERE t.node_id = n.id) AS tags,
                       %s AS fingerprint
                FROM nodes n
                WHERE n.id = ANY(CAST(? AS bigint[])) AND n.deleted_at IS NULL""".formatted(FINGERPRINT), bigintArray(nodeIds))) {
            return rows.map(row -> {
                        String tags = row.column("tags").get(String.class);
                        return new NodeText(
                                row.column("id").get(Long.class),
                                row.column("slug").get(String.class),
                                new EmbeddingInput(
                                        row.column("title").get(String.class),
                                        tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                                        row.column("content").get(String.class)),
                                row.column("fingerprint").get(String.class));
                    })
                    .collect(Collectors.toMap(NodeText::id, node -> node));
        }
    }

    /** A vector computed for a claimed job from {@code node}'s text. */
    record Computed(ClaimedJob job, NodeText node, float[] vector) {}

    /**
     * Stores a batch in one transaction: each vector if its node still has the text it was computed from (a node
     * that changed meanwhile gets a new job instead, normally queued by the change already), and finishes the
     * computed jobs and {@code gone} (their node was deleted before loading).
     *
     * @return node id -> current slug of the nodes whose row changed (for the cache)
     */
    Map<Long, String> storeAll(List<Computed> computed, List<ClaimedJob> gone, String model) {
        if (computed.isEmpty() && gone.isEmpty()) {
            return Map.of();
        }
        return database.inTransaction(tx -> {
            // one vector per node (a node can come twice: a taken-over job and a new one, loaded together)
            Map<Long, Computed> byNode = new TreeMap<>();
            computed.forEach(c -> byNode.putIfAbsent(c.node().id(), c));
            Map<Long, String> changed = new HashMap<>();
            if (!byNode.isEmpty()) {
                String ids = bigintArray(byNode.keySet());
                // the node rows first and in id order, as every writer of nodes and jobs: no deadlock. The UPDATE
                // names the ids as well as joining them: its generic plan otherwise scanned every node
                try (Stream<DbRow> locked = tx.query(
                        "SELECT id FROM nodes WHERE id = ANY(CAST(? AS bigint[])) ORDER BY id FOR UPDATE", ids)) {
                    locked.toList();
                }
                try (Stream<DbRow> rows = tx.query(
                        """
                        UPDATE nodes n
                        SET embedding = CAST(v.vector AS real[]), embedding_model = ?, embedding_updated_at = now(),
                            embedding_status = 'ready'
                        FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[])) AS v(id, fingerprint, vector)
                        WHERE n.id = ANY(CAST(? AS bigint[])) AND n.id = v.id AND n.deleted_at IS NULL
                          AND %s = v.fingerprint
                        RETURNING n.id, n.slug""".formatted(FINGERPRINT),
                        model,
                        ids,
                        textArray(byNode.values().stream()
                                .map(c -> c.node().fingerprint())
                                .toList()),
                        textArray(byNode.values().stream()
                                .map(c -> arrayLiteral(c.vector()))
                                .toList()),
                        ids)) {
                    rows.forEach(row -> changed.put(
                            row.column("id").get(Long.class), row.column("slug").get(String.class)));
                }
                List<Long> stale = byNode.keySet().stream()
                        .filter(id -> !changed.containsKey(id))
                        .toList();
                if (!stale.isEmpty()) {
                    try (Stream<DbRow> rows = tx.query("""
                            SELECT id, slug FROM nodes WHERE id = ANY(CAST(? AS bigint[])) AND deleted_at IS NULL""", bigintArray(stale))) {
                        rows.forEach(row -> changed.put(
                                row.column("id").get(Long.class),
                                row.column("slug").get(String.class)));
                    }
                    stale.stream().filter(changed::containsKey).forEach(id -> queue(tx, id));
                }
            }
            List<Long> deleted =
                    new ArrayList<>(gone.stream().map(ClaimedJob::id).toList());
            computed.stream()
                    .filter(c -> !changed.containsKey(c.node().id()))
                    .forEach(c -> deleted.add(c.job().id()));
            List<Long> finished = new ArrayList<>(deleted);
            computed.stream()
                    .filter(c -> changed.containsKey(c.node().id()))
                    .forEach(c -> finished.add(c.job().id()));
            tx.dml("""
                    UPDATE embedding_jobs
                    SET status = 'done', locked_by = NULL, locked_until = NULL, updated_at = now(),
                        last_error = CASE WHEN id = ANY(CAST(? AS bigint[])) THEN 'node deleted' END
                    WHERE id = ANY(CAST(? AS bigint[])) AND locked_by = ?""", bigintArray(deleted), bigintArray(finished), workerId);
            return changed;
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
                    WHERE id = ? AND locked_by = ?""", countAttempt ? 0 : 1, error, (double) delay.toMillis(), job.id(), workerId);
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
                   OR (status = 'failed' AND updated_at < now() - CAST(? AS double precision) * interval '1 second')""", (double) doneRetention.toSeconds(), (double) failedRetention.toSeconds());
    }

    static String bigintArray(Collection<Long> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** A text[] literal; every element quoted (vector literals hold commas and braces). */
    static String textArray(List<String> values) {
        return values.stream()
                .map(value -> '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
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
