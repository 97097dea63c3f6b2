package dev.nodes.service.nodes.embedding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.config.AppConfig.EmbeddingSettings;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.testing.TestDatabases;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job queue and worker against the real PostgreSQL. */
class EmbeddingWorkerTest {
    private static final int DIMENSIONS = 32;
    private static final WorkerSettings FAST = new WorkerSettings(
            4,
            Duration.ofMillis(50),
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            3,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)),
            Duration.ofSeconds(5));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static DatabaseCoordinates coordinates;
    private static Database database;

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Map.Entry<Long, String>> invalidated = new CopyOnWriteArrayList<>();
    /** For the tests that build the whole feature with {@link Embeddings#create}. */
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final EmbeddingJobs jobs =
            new EmbeddingJobs(true, new EmbeddingMetrics(new PrometheusRegistry(), "hashing"));

    @BeforeAll
    static void createDatabase() {
        coordinates = TestDatabases.create();
        database = Database.connect(coordinates, 4);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
        TestDatabases.drop(coordinates);
    }

    @BeforeEach
    void emptyTables() {
        database.execute().dml("TRUNCATE nodes, embedding_jobs RESTART IDENTITY CASCADE");
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (AutoCloseable worker : running) {
            worker.close();
        }
    }

    @Test
    void queuedNodeGetsItsVectorAndTheCacheIsTold() throws Exception {
        Embeddings embeddings = Embeddings.create(
                settings("hashing"), FAST, database, registry, (id, slug) -> invalidated.add(Map.entry(id, slug)));
        running.add(embeddings);
        long id = insertNode("tomatoes", "Growing tomatoes", "Sun and water.", "vegetables", "gardening");

        String status = database.inTransaction(tx -> embeddings.jobs().enqueue(tx, id));
        assertEquals("pending", status);
        assertEquals("pending", nodeStatus(id));
        assertEquals(1, queuedJobs(id));

        embeddings.start();
        embeddings.wakeUp();
        await().atMost(WAIT).until(() -> "ready".equals(nodeStatus(id)));

        float[] expected = new HashingEmbeddingProvider(DIMENSIONS)
                .embed(new EmbeddingInput("Growing tomatoes", List.of("gardening", "vegetables"), "Sun and water."));
        assertArrayEquals(expected, storedVector(id));
        assertEquals(HashingEmbeddingProvider.MODEL, scalar("SELECT embedding_model FROM nodes WHERE id = ?", id));
        assertNotNull(scalar("SELECT embedding_updated_at::text FROM nodes WHERE id = ?", id));
        assertEquals("done", scalar("SELECT status FROM embedding_jobs WHERE node_id = ?", id));
        assertNull(scalar("SELECT locked_by FROM embedding_jobs WHERE node_id = ?", id));
        await().atMost(WAIT).until(() -> invalidated.contains(Map.entry(id, "tomatoes")));
        assertTrue(
                metricsText().contains("nodes_embedding_requests_total{provider=\"hashing\",result=\"success\"} 1.0"),
                metricsText());
        assertTrue(metricsText().contains("nodes_embedding_seconds_count{provider=\"hashing\"} 1"), metricsText());
    }

    @Test
    void enqueueingTwiceBeforeTheWorkerRunsIsOneJob() {
        long id = insertNode("twice", "Twice", "x");
        database.inTransaction(tx -> jobs.enqueue(tx, id));
        database.inTransaction(tx -> {
            jobs.enqueue(tx, id);
            return jobs.enqueue(tx, id);
        });
        assertEquals(1, queuedJobs(id));
        assertEquals(1L, count("SELECT count(*) FROM embedding_jobs WHERE node_id = ?", id));
    }

    @Test
    void enqueueForAMissingNodeIsRefused() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> database.inTransaction(tx -> jobs.enqueue(tx, 424242)));
        assertTrue(refused.getMessage().contains("424242"), refused.getMessage());
        assertEquals(0L, count("SELECT count(*) FROM embedding_jobs"));
    }

    @Test
    void enqueueRolledBackWithTheCallersTransactionLeavesNoJob() {
        long id = insertNode("rolled-back", "Rolled back", "x");
        try {
            database.inTransaction(tx -> {
                jobs.enqueue(tx, id);
                throw new IllegalStateException("the node update failed");
            });
        } catch (IllegalStateException expected) {
            // the caller's write failed: its refresh request goes with it
        }
        assertEquals(0L, count("SELECT count(*) FROM embedding_jobs WHERE node_id = ?", id));
    }

    @Test
    void jobOfADeadWorkerIsTakenOverAfterItsLease() throws SQLException {
        long id = insertNode("orphan", "Orphaned job", "its worker died");
        database.execute().dml("""
                INSERT INTO embedding_jobs (node_id, status, attempts, locked_by, locked_until)
                VALUES (?, 'running', 1, 'dead-worker', now() - interval '1 minute')""", id);

        startWorker(new HashingEmbeddingProvider(DIMENSIONS), FAST);

        await().atMost(WAIT).until(() -> "ready".equals(nodeStatus(id)));
        assertEquals("done", scalar("SELECT status FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals(2L, count("SELECT attempts FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals(DIMENSIONS, storedVector(id).length);
    }

    @Test
    void failingProviderIsRetriedThenTheNodeIsFailed() {
        long id = insertNode("unlucky", "Unlucky", "the provider is down");
        AtomicInteger calls = new AtomicInteger();
        EmbeddingProvider down = new ScriptedProvider(input -> {
            calls.incrementAndGet();
            throw new EmbeddingException(EmbeddingException.Kind.TIMEOUT, true, "provider timed out");
        });
        database.inTransaction(tx -> jobs.enqueue(tx, id));

        startWorker(down, FAST);

        await().atMost(WAIT).until(() -> "failed".equals(nodeStatus(id)));
        assertEquals("failed", scalar("SELECT status FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals(3L, count("SELECT attempts FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals("provider timed out", scalar("SELECT last_error FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals(3, calls.get());
        assertNull(scalar("SELECT embedding::text FROM nodes WHERE id = ?", id));
        await().atMost(WAIT).until(() -> invalidated.contains(Map.entry(id, "unlucky")));
    }

    @Test
    void permanentProviderErrorFailsAtOnce() {
        long id = insertNode("rejected", "Rejected", "the provider says 400");
        AtomicInteger calls = new AtomicInteger();
        startWorker(
                new ScriptedProvider(input -> {
                    calls.incrementAndGet();
                    throw new EmbeddingException(EmbeddingException.Kind.ERROR, false, "HTTP 400: input too long");
                }),
                FAST);
        database.inTransaction(tx -> jobs.enqueue(tx, id));

        await().atMost(WAIT).until(() -> "failed".equals(nodeStatus(id)));
        assertEquals(1L, count("SELECT attempts FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals(1, calls.get());
    }

    @Test
    void twoWorkersProcessEachOfTwentyJobsExactlyOnce() {
        Map<String, AtomicInteger> embedded = new ConcurrentHashMap<>();
        HashingEmbeddingProvider hashing = new HashingEmbeddingProvider(DIMENSIONS);
        EmbeddingProvider counting = new ScriptedProvider(input -> {
            embedded.computeIfAbsent(input.title(), t -> new AtomicInteger()).incrementAndGet();
            return hashing.embed(input);
        });
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long id = insertNode("node-" + i, "Node " + i, "content " + i);
            ids.add(id);
            database.inTransaction(tx -> jobs.enqueue(tx, id));
        }

        EmbeddingWorker first = startWorker(counting, FAST);
        EmbeddingWorker second = startWorker(counting, FAST);
        first.wakeUp();
        second.wakeUp();

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM embedding_jobs WHERE status = 'done'") == 20);
        assertEquals(20, embedded.size());
        embedded.forEach((title, times) -> assertEquals(1, times.get(), title + " embedded " + times + " times"));
        assertEquals(20L, count("SELECT count(*) FROM nodes WHERE embedding_status = 'ready'"));
        assertEquals(20L, count("SELECT count(*) FROM embedding_jobs WHERE attempts = 1"));
        assertEquals(20, invalidated.size());
        assertEquals(ids.size(), ids.stream().distinct().count());
    }

    @Test
    void oneBatchStoresRequeuesFailsAndFinishesEachOfItsJobs() throws SQLException {
        HashingEmbeddingProvider hashing = new HashingEmbeddingProvider(DIMENSIONS);
        long plain = insertNode("plain", "Plain \"quoted\" \\ title", "text", "b-tag", "a-tag");
        long other = insertNode("other", "Other", "more text");
        long gone = insertNode("gone-before", "Gone", "deleted before the batch");
        long edited = insertNode("edited", "Old title", "old content");
        long rejected = insertNode("rejected", "Rejected", "the provider says 400");
        long twice = insertNode("twice", "Twice", "a taken-over job and a queued one");
        for (long id : List.of(plain, other, gone, edited, rejected, twice)) {
            database.inTransaction(tx -> jobs.enqueue(tx, id));
        }
        database.execute().dml("UPDATE nodes SET deleted_at = now() WHERE id = ?", gone);
        // a dead worker's job of the same node: both are claimed in the worker's first round
        database.execute().dml("""
                INSERT INTO embedding_jobs (node_id, status, attempts, locked_by, locked_until)
                VALUES (?, 'running', 1, 'dead-worker', now() - interval '1 minute')""", twice);
        AtomicBoolean editedOnce = new AtomicBoolean();
        EmbeddingProvider provider = new ScriptedProvider(input -> {
            if (input.title().equals("Rejected")) {
                throw new EmbeddingException(EmbeddingException.Kind.ERROR, false, "HTTP 400");
            }
            if (input.title().equals("Old title") && editedOnce.compareAndSet(false, true)) {
                database.inTransaction(tx -> {
                    tx.dml("UPDATE nodes SET title = 'New title', content = 'new content' WHERE id = ?", edited);
                    return jobs.enqueue(tx, edited);
                });
            }
            return hashing.embed(input);
        });
        WorkerSettings batchOfEight = new WorkerSettings(
                8,
                FAST.idlePoll(),
                FAST.lease(),
                FAST.leaseCheckInterval(),
                FAST.maxAttempts(),
                FAST.retryBackoff(),
                FAST.stopGrace());

        startWorker(provider, batchOfEight);

        await().atMost(WAIT)
                .until(() -> count("SELECT count(*) FROM embedding_jobs WHERE status IN ('queued', 'running')") == 0);
        assertArrayEquals(
                hashing.embed(new EmbeddingInput("Plain \"quoted\" \\ title", List.of("a-tag", "b-tag"), "text")),
                storedVector(plain));
        assertArrayEquals(hashing.embed(new EmbeddingInput("Other", List.of(), "more text")), storedVector(other));
        assertArrayEquals(
                hashing.embed(new EmbeddingInput("New title", List.of(), "new content")), storedVector(edited));
        assertArrayEquals(
                hashing.embed(new EmbeddingInput("Twice", List.of(), "a taken-over job and a queued one")),
                storedVector(twice));
        for (long id : List.of(plain, other, edited, twice)) {
            assertEquals("ready", nodeStatus(id));
        }
        assertEquals("failed", nodeStatus(rejected));
        assertEquals("failed", scalar("SELECT status FROM embedding_jobs WHERE node_id = ?", rejected));
        assertNull(scalar("SELECT embedding::text FROM nodes WHERE id = ?", gone));
        assertEquals("node deleted", scalar("SELECT last_error FROM embedding_jobs WHERE node_id = ?", gone));
        assertEquals(2L, count("SELECT count(*) FROM embedding_jobs WHERE node_id = ? AND status = 'done'", twice));
        assertEquals(2L, count("SELECT count(*) FROM embedding_jobs WHERE node_id = ? AND status = 'done'", edited));
        assertEquals(
                0L,
                count(
                        "SELECT count(*) FROM embedding_jobs WHERE last_error IS NOT NULL AND node_id <> ? AND node_id <> ?",
                        gone,
                        rejected));
        assertEquals(0L, count("SELECT count(*) FROM embedding_jobs WHERE locked_by IS NOT NULL"));
        for (long id : List.of(plain, other, edited, twice, rejected)) {
            assertTrue(invalidated.stream().anyMatch(e -> e.getKey() == id), "cache told of node " + id);
        }
        assertTrue(invalidated.stream().noneMatch(e -> e.getKey() == gone));
    }

    @Test
    void jobOfASoftDeletedNodeIsDoneWithoutWork() {
        long id = insertNode("gone", "Gone", "deleted before the worker came");
        database.inTransaction(tx -> jobs.enqueue(tx, id));
        database.execute().dml("UPDATE nodes SET deleted_at = now() WHERE id = ?", id);
        AtomicInteger calls = new AtomicInteger();
        startWorker(
                new ScriptedProvider(input -> {
                    calls.incrementAndGet();
                    return new float[DIMENSIONS];
                }),
                FAST);

        await().atMost(WAIT)
                .until(() -> "done".equals(scalar("SELECT status FROM embedding_jobs WHERE node_id = ?", id)));
        assertEquals(0, calls.get());
        assertEquals("node deleted", scalar("SELECT last_error FROM embedding_jobs WHERE node_id = ?", id));
        assertNull(scalar("SELECT embedding::text FROM nodes WHERE id = ?", id));
        assertTrue(invalidated.isEmpty());
    }

    @Test
    void nodeEditedWhileEmbeddingGetsTheVectorOfItsNewText() throws SQLException {
        long id = insertNode("moving", "Old title", "old content");
        HashingEmbeddingProvider hashing = new HashingEmbeddingProvider(DIMENSIONS);
        AtomicBoolean editedOnce = new AtomicBoolean();
        EmbeddingProvider editing = new ScriptedProvider(input -> {
            if (editedOnce.compareAndSet(false, true)) {
                // an API write commits while the provider works on the old text
                database.inTransaction(tx -> {
                    tx.dml("UPDATE nodes SET title = 'New title', content = 'new content' WHERE id = ?", id);
                    return jobs.enqueue(tx, id);
                });
            }
            return hashing.embed(input);
        });
        database.inTransaction(tx -> jobs.enqueue(tx, id));

        startWorker(editing, FAST);

        await().atMost(WAIT)
                .until(() ->
                        count("SELECT count(*) FROM embedding_jobs WHERE node_id = ? AND status = 'done'", id) == 2);
        assertEquals("ready", nodeStatus(id));
        assertArrayEquals(hashing.embed(new EmbeddingInput("New title", List.of(), "new content")), storedVector(id));
    }

    @Test
    void stoppingHandsTheJobInHandBack() {
        long id = insertNode("slow", "Slow", "the provider hangs");
        CountDownLatch entered = new CountDownLatch(1);
        EmbeddingProvider hanging = new ScriptedProvider(input -> {
            entered.countDown();
            new CountDownLatch(1).await(); // until the worker is interrupted
            throw new AssertionError("not reached");
        });
        WorkerSettings shortGrace = new WorkerSettings(
                4,
                Duration.ofMillis(50),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                3,
                FAST.retryBackoff(),
                Duration.ofMillis(200));
        database.inTransaction(tx -> jobs.enqueue(tx, id));
        EmbeddingWorker worker = startWorker(hanging, shortGrace);
        await().atMost(WAIT).until(() -> entered.getCount() == 0);

        worker.stop();

        assertEquals("queued", scalar("SELECT status FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals(0L, count("SELECT attempts FROM embedding_jobs WHERE node_id = ?", id));
        assertNull(scalar("SELECT locked_by FROM embedding_jobs WHERE node_id = ?", id));
        assertEquals("pending", nodeStatus(id));
    }

    @Test
    void disabledProviderMarksNodesAndQueuesNothing() {
        Embeddings embeddings = Embeddings.create(
                settings("disabled"),
                FAST,
                database,
                registry,
                (nodeId, slug) -> invalidated.add(Map.entry(nodeId, slug)));
        running.add(embeddings);
        embeddings.start();
        long id = insertNode("off", "Off", "no embeddings here");

        assertEquals("disabled", database.inTransaction(tx -> embeddings.jobs().enqueue(tx, id)));
        assertEquals("disabled", nodeStatus(id));
        assertEquals(0L, count("SELECT count(*) FROM embedding_jobs"));
        assertTrue(
                metricsText().contains("nodes_embedding_requests_total{provider=\"disabled\",result=\"disabled\"} 1.0"),
                metricsText());
    }

    private EmbeddingWorker startWorker(EmbeddingProvider provider, WorkerSettings settings) {
        EmbeddingWorker worker =
                new EmbeddingWorker(database, provider, settings, (id, slug) -> invalidated.add(Map.entry(id, slug)));
        running.add(worker);
        worker.start();
        return worker;
    }

    private static EmbeddingSettings settings(String provider) {
        return new EmbeddingSettings(
                provider,
                Optional.empty(),
                "unused",
                Optional.empty(),
                DIMENSIONS,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0);
    }

    private static long insertNode(String slug, String title, String content, String... tags) {
        long id = database.execute()
                .get("""
                INSERT INTO nodes (slug, author_id, title, content) VALUES (?, CAST(? AS uuid), ?, ?) RETURNING id""", slug, UUID.randomUUID().toString(), title, content)
                .orElseThrow()
                .column("id")
                .get(Long.class);
        for (String tag : tags) {
            database.execute().dml("INSERT INTO product_node_tags (slug, node_id) VALUES (?, ?)", tag, id);
        }
        return id;
    }

    private static String nodeStatus(long id) {
        return scalar("SELECT embedding_status FROM nodes WHERE id = ?", id);
    }

    private static long queuedJobs(long id) {
        return count("SELECT count(*) FROM embedding_jobs WHERE node_id = ? AND status = 'queued'", id);
    }

    private static String scalar(String sql, Object... params) {
        return database.execute()
                .get(sql, params)
                .map(row -> row.column(1).get(String.class))
                .orElse(null);
    }

    private static long count(String sql, Object... params) {
        return ((Number) database.execute()
                        .get(sql, params)
                        .orElseThrow()
                        .column(1)
                        .get())
                .longValue();
    }

    private static float[] storedVector(long id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT embedding FROM nodes WHERE id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                Array array = rows.getArray(1);
                Float[] boxed = (Float[]) array.getArray();
                float[] vector = new float[boxed.length];
                for (int i = 0; i < boxed.length; i++) {
                    vector[i] = boxed[i];
                }
                return vector;
            }
        }
    }

    private String metricsText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A provider whose answer the test scripts. */
    private interface Script {
        float[] embed(EmbeddingInput input) throws EmbeddingException, InterruptedException;
    }

    private record ScriptedProvider(Script script) implements EmbeddingProvider {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String model() {
            return "scripted-v1";
        }

        @Override
        public int dimensions() {
            return DIMENSIONS;
        }

        @Override
        public float[] embed(EmbeddingInput input) throws EmbeddingException, InterruptedException {
            return script.embed(input);
        }
    }
}
