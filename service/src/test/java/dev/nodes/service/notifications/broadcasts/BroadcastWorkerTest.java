package dev.nodes.service.notifications.broadcasts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.http.Json;
import dev.nodes.service.notifications.MetricValues;
import dev.nodes.service.notifications.NotificationMetrics;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.BatchOutcome;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.Claim;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker against the real PostgreSQL: takeover after a dead worker, concurrent workers, giving up. */
class BroadcastWorkerTest {
    private static final UUID ADMIN = UUID.randomUUID();
    private static final Duration POLL = Duration.ofMillis(50);

    private DatabaseCoordinates coordinates;
    private Database database;
    private Sql sql;
    private BroadcastRepository repository;
    private final List<AutoCloseable> workers = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        coordinates = TestDatabases.create();
        database = Database.connect(coordinates, 8);
        sql = new Sql(coordinates);
        repository = new BroadcastRepository(database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        for (AutoCloseable worker : workers) {
            worker.close();
        }
        database.close();
        TestDatabases.drop(coordinates);
    }

    private void seedUsers(int count) {
        sql.execute(
                "INSERT INTO users (id, subject) SELECT gen_random_uuid(), 'user-' || g FROM generate_series(1, ?) g",
                count);
    }

    private UUID dueBroadcast(String audienceJson) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("title", "t").put("message", "m");
        try {
            body.set("audience", Json.MAPPER.readTree(audienceJson));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        Broadcast created = repository.create(BroadcastDraft.parse(body), ADMIN);
        repository.sendNow(created.id());
        return created.id();
    }

    private BroadcastWorker startWorker(BroadcastDelivery delivery, String name, int maxAttempts) {
        BroadcastWorker worker = new BroadcastWorker(delivery, POLL, maxAttempts, name).start();
        workers.add(worker);
        return worker;
    }

    private String status(UUID broadcast) {
        return sql.string("SELECT status FROM broadcasts WHERE id = ?", broadcast);
    }

    private long counter(UUID broadcast, String column) {
        return sql.longValue("SELECT " + column + " FROM broadcasts WHERE id = ?", broadcast);
    }

    private long receipts(UUID broadcast) {
        return sql.longValue(
                "SELECT count(*) FROM notification_receipts WHERE event_id LIKE ?", "broadcast:" + broadcast + ":%");
    }

    /** Recipients with more than one receipt of this broadcast (the event_id index forbids it; this checks it). */
    private long duplicates(UUID broadcast) {
        return sql.longValue("""
                SELECT count(*) FROM (
                    SELECT r.user_id FROM notification_receipts r
                    JOIN broadcasts b ON b.notification_id = r.notification_id
                    WHERE b.id = ? GROUP BY r.user_id HAVING count(*) > 1) d""", broadcast);
    }

    @Test
    void aWorkerThatDiesAfterItsFirstBatchIsTakenOverAndTheSecondFinishesIt() {
        seedUsers(2_500);
        UUID broadcast = dueBroadcast("{\"type\": \"all_users\"}");
        PrometheusRegistry registryA = new PrometheusRegistry();
        PrometheusRegistry registryB = new PrometheusRegistry();
        Duration lease =
                Duration.ofSeconds(4); // long enough that the checks below run inside it, even on a busy machine
        BroadcastDelivery first =
                new BroadcastDelivery(database, new NotificationMetrics(registryA, database), 1000, lease);
        BroadcastDelivery second =
                new BroadcastDelivery(database, new NotificationMetrics(registryB, database), 1000, lease);

        Claim dying = first.claim("worker-a").orElseThrow();
        assertEquals(BatchOutcome.MORE, first.deliverBatch(dying));
        // worker A dies here: it never renews its lease nor finishes
        assertEquals("sending", status(broadcast));
        assertEquals(1000, counter(broadcast, "sent"));
        assertEquals(1000, receipts(broadcast));
        assertTrue(second.claim("worker-b").isEmpty(), "a live lease is not taken over");

        startWorker(second, "worker-b", 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(broadcast).equals("sent"));

        assertEquals(2_500, receipts(broadcast));
        assertEquals(0, duplicates(broadcast));
        assertEquals(2_500, sql.longValue("""
                SELECT count(DISTINCT u.id) FROM users u JOIN notification_receipts r
                  ON r.user_id = u.id AND r.event_id = 'broadcast:' || ?::text || ':' || u.id::text""", broadcast.toString()));
        assertEquals(2_500, counter(broadcast, "total"));
        assertEquals(2_500, counter(broadcast, "sent"));
        assertEquals(0, counter(broadcast, "failed"));
        assertEquals(2, counter(broadcast, "attempts"));
        assertEquals(
                1,
                sql.longValue("SELECT count(*) FROM notifications WHERE broadcast_id = ?", broadcast),
                "one content row shared by every receipt");
        // the takeover resumed after the persisted batch instead of starting again
        assertEquals(
                1_500, MetricValues.value(registryB, "notifications_broadcast_receipts_total{result=\"delivered\"}"));
        assertEquals(0, MetricValues.value(registryB, "notifications_broadcast_receipts_total{result=\"duplicate\"}"));
        assertEquals(1, MetricValues.value(registryB, "notifications_broadcasts_total{status=\"sent\"}"));
        assertEquals(1, MetricValues.value(registryB, "notifications_broadcast_seconds_count"));
        // worker A coming back writes nothing: its lease is gone
        assertEquals(BatchOutcome.LEASE_LOST, first.deliverBatch(dying));
        assertEquals(2_500, receipts(broadcast));
    }

    @Test
    void twoWorkersStartedTogetherOnTenDueBroadcastsNeverDeliverOneTwice() {
        seedUsers(300);
        List<String> someUsers = sql.rows("SELECT id::text FROM users ORDER BY random() LIMIT 40").stream()
                .map(row -> row.getFirst().toString())
                .toList();
        List<String> explicit = new ArrayList<>(someUsers);
        for (int i = 0; i < 10; i++) {
            explicit.add(UUID.randomUUID().toString()); // not (yet) known users still get their receipt
        }
        String explicitAudience = "{\"type\": \"explicit_users\", \"user_ids\": " + Json.write(explicit) + "}";
        List<UUID> broadcasts = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean all = i % 3 != 0;
            broadcasts.add(dueBroadcast(all ? "{\"type\": \"all_users\"}" : explicitAudience));
            expected.add(all ? 300L : 50L);
        }
        PrometheusRegistry registryA = new PrometheusRegistry();
        PrometheusRegistry registryB = new PrometheusRegistry();
        Duration lease = Duration.ofSeconds(30);
        startWorker(new BroadcastDelivery(database, new NotificationMetrics(registryA, database), 64, lease), "a", 5);
        startWorker(new BroadcastDelivery(database, new NotificationMetrics(registryB, database), 64, lease), "b", 5);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sql.longValue("SELECT count(*) FROM broadcasts WHERE status = 'sent'") == 10);

        long all = 0;
        for (int i = 0; i < broadcasts.size(); i++) {
            UUID broadcast = broadcasts.get(i);
            assertEquals(expected.get(i), receipts(broadcast));
            assertEquals(0, duplicates(broadcast));
            assertEquals(expected.get(i), counter(broadcast, "total"));
            assertEquals(expected.get(i), counter(broadcast, "sent"));
            assertEquals(1, counter(broadcast, "attempts"), "claimed exactly once");
            all += expected.get(i);
        }
        String delivered = "notifications_broadcast_receipts_total{result=\"delivered\"}";
        String duplicate = "notifications_broadcast_receipts_total{result=\"duplicate\"}";
        assertEquals(
                all,
                MetricValues.value(registryA, delivered) + MetricValues.value(registryB, delivered),
                "each receipt written by exactly one worker");
        assertEquals(
                0,
                MetricValues.value(registryA, duplicate) + MetricValues.value(registryB, duplicate),
                "no worker ever tried to deliver what the other had delivered");
        assertEquals(
                10,
                MetricValues.value(registryA, "notifications_broadcasts_total{status=\"sent\"}")
                        + MetricValues.value(registryB, "notifications_broadcasts_total{status=\"sent\"}"));
    }

    @Test
    void aBroadcastClaimedTooOftenFailsAndCountsTheRecipientsNotReached() {
        seedUsers(2_500);
        UUID broadcast = dueBroadcast("{\"type\": \"all_users\"}");
        PrometheusRegistry registry = new PrometheusRegistry();
        BroadcastDelivery delivery = new BroadcastDelivery(
                database, new NotificationMetrics(registry, database), 1000, Duration.ofSeconds(30));
        Claim claim = delivery.claim("crashing-worker").orElseThrow();
        assertEquals(BatchOutcome.MORE, delivery.deliverBatch(claim));
        // as if workers had died on it four more times: the lease is expired and the attempts are used up
        sql.execute(
                "UPDATE broadcasts SET attempts = 5, lease_until = now() - interval '1 second' WHERE id = ?",
                broadcast);

        startWorker(delivery, "worker", 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(broadcast).equals("failed"));

        assertEquals(1_000, counter(broadcast, "sent"));
        assertEquals(1_500, counter(broadcast, "failed"));
        assertEquals(2_500, counter(broadcast, "total"));
        assertEquals(1_000, receipts(broadcast));
        assertTrue(sql.string("SELECT last_error FROM broadcasts WHERE id = ?", broadcast)
                .contains("gave up"));
        assertEquals(1_500, MetricValues.value(registry, "notifications_broadcast_receipts_total{result=\"failed\"}"));
        assertEquals(1, MetricValues.value(registry, "notifications_broadcasts_total{status=\"failed\"}"));
    }

    @Test
    void lagIsTheAgeOfTheOldestDueBroadcastAndEmptyAudiencesFinish() {
        PrometheusRegistry registry = new PrometheusRegistry();
        BroadcastDelivery delivery = new BroadcastDelivery(
                database, new NotificationMetrics(registry, database), 10, Duration.ofSeconds(30));
        assertEquals(0, MetricValues.value(registry, "notifications_broadcast_lag_seconds"));
        UUID broadcast = dueBroadcast("{\"type\": \"all_users\"}");
        sql.execute("UPDATE broadcasts SET scheduled_at = now() - interval '120 seconds' WHERE id = ?", broadcast);
        double lag = MetricValues.value(registry, "notifications_broadcast_lag_seconds");
        assertTrue(lag >= 120 && lag < 600, "lag " + lag);

        Optional<Claim> claim = delivery.claim("w");
        assertEquals(BatchOutcome.FINISHED, delivery.deliverBatch(claim.orElseThrow()));
        assertEquals("sent", status(broadcast));
        assertEquals(0, counter(broadcast, "total"));
        assertEquals(0, MetricValues.value(registry, "notifications_broadcast_lag_seconds"));
    }
}
