package dev.nodes.service.nodes.embedding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.db.Database;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestService;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served application runs the embedding worker and exposes its metrics. */
class EmbeddingsInTheServiceTest {
    private static TestService service;
    private static Database database;

    @BeforeAll
    static void start() {
        service = TestService.start(Map.of("APP_EMBEDDING_DIM", "48"));
        database = Database.connect(service.database(), 2);
    }

    @AfterAll
    static void stop() {
        database.close();
        service.close();
    }

    @Test
    void aQueuedJobIsProcessedByTheServersWorker() {
        long id = database.execute()
                .get("""
                INSERT INTO nodes (slug, author_id, title, content)
                VALUES ('served', CAST(? AS uuid), 'Served', 'worked on by the server') RETURNING id""", UUID.randomUUID().toString())
                .orElseThrow()
                .column("id")
                .get(Long.class);
        // what EmbeddingJobs.enqueue writes, committed by "another replica": the worker finds it by polling
        database.execute().insert("INSERT INTO embedding_jobs (node_id) VALUES (?)", id);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "ready"
                        .equals(database.execute()
                                .get("SELECT embedding_status FROM nodes WHERE id = ?", id)
                                .orElseThrow()
                                .column("embedding_status")
                                .get(String.class)));
        assertEquals(
                48,
                ((Number) database.execute()
                                .get("SELECT array_length(embedding, 1) FROM nodes WHERE id = ?", id)
                                .orElseThrow()
                                .column(1)
                                .get())
                        .intValue());

        Response metrics = service.http().get("/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(
                metrics.body().contains("nodes_embedding_requests_total{provider=\"hashing\",result=\"success\"} 1.0"),
                metrics.body()
                        .lines()
                        .filter(l -> l.startsWith("nodes_embedding"))
                        .toList()
                        .toString());
        assertTrue(
                metrics.body().contains("nodes_embedding_requests_total{provider=\"hashing\",result=\"timeout\"} 0.0"));
        assertTrue(metrics.body().contains("nodes_embedding_seconds_bucket{provider=\"hashing\",le=\"0.005\"}"));
    }
}
