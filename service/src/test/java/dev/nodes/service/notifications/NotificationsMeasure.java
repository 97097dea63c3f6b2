package dev.nodes.service.notifications;

import dev.nodes.service.ServiceApp;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import dev.nodes.service.config.AppConfig;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.BatchOutcome;
import dev.nodes.service.notifications.broadcasts.BroadcastDelivery.Claim;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures, on the test PostgreSQL (not a test: nothing is asserted, numbers are printed):
 * <ol>
 * <li>receipts per second of one worker delivering an {@code all_users} broadcast to 200 000 users;</li>
 * <li>p50/p99 of {@code GET /v1/notifications} and {@code GET /v1/notifications/unread-count} over HTTP, one
 * client, with one million receipts in the table.</li>
 * </ol>
 * Run: {@code mvn -B -q -ntp -f service/pom.xml test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.nodes.service.notifications.NotificationsMeasure [-Dexec.args="200000 1000000 1000"]}
 * (arguments: users, receipts in total, batch size).
 */
public final class NotificationsMeasure {
    private static final String SECRET = "measure-secret-measure-secret-0123456789";

    private NotificationsMeasure() {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int receipts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        DatabaseCoordinates coordinates = TestDatabases.create();
        Sql sql = new Sql(coordinates);
        try (Database database = Database.connect(coordinates, 8)) {
            measureBroadcast(database, sql, users, batch);
            seedReceipts(sql, receipts);
            measureReads(coordinates, sql);
        } finally {
            TestDatabases.drop(coordinates);
        }
    }

    private static void measureBroadcast(Database database, Sql sql, int users, int batch) {
        sql.execute(
                "INSERT INTO users (id, subject) SELECT gen_random_uuid(), 'user-' || g FROM generate_series(1, ?) g",
                users);
        sql.execute("ANALYZE users");
        sql.execute("""
                INSERT INTO broadcasts (title, message, audience, status, scheduled_at, created_by)
                VALUES ('Measure', 'm', '{"type":"all_users"}', 'scheduled', now(), gen_random_uuid())""");
        BroadcastDelivery delivery = new BroadcastDelivery(
                database, new NotificationMetrics(new PrometheusRegistry(), database), batch, Duration.ofSeconds(30));
        long start = System.nanoTime();
        Claim claim = delivery.claim("measure").orElseThrow();
        int batches = 0;
        while (delivery.deliverBatch(claim) == BatchOutcome.MORE) {
            batches++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long delivered = sql.count("notification_receipts");
        System.out.printf(
                "broadcast: %d receipts to all_users in %.2f s (%d batches of %d): %.0f receipts/s%n",
                delivered, seconds, batches + 1, batch, delivered / seconds);
    }

    /** Tops the table up to {@code total} receipts: 10 000 readers with equal shares, 80 % inbox, half of them read. */
    private static void seedReceipts(Sql sql, int total) {
        long missing = total - sql.count("notification_receipts");
        int readers = 10_000;
        long perReader = Math.max(1, missing / readers);
        long start = System.nanoTime();
        sql.execute("""
                WITH content AS (
                    INSERT INTO notifications (title, message)
                    SELECT 'seed ' || g, 'seeded message' FROM generate_series(1, 1000) g RETURNING id),
                contents AS (SELECT array_agg(id) AS ids FROM content),
                readers AS (SELECT id, row_number() OVER () AS n FROM (SELECT id FROM users LIMIT ?) u)
                INSERT INTO notification_receipts (notification_id, user_id, placement, is_read, read_at, created_at)
                SELECT contents.ids[1 + (g % 1000)], readers.id,
                       CASE WHEN g % 5 = 0 THEN 'banner' ELSE 'inbox' END,
                       g % 2 = 0, CASE WHEN g % 2 = 0 THEN now() END,
                       now() - make_interval(secs => (g * 37) % 5184000)
                FROM readers, contents, generate_series(1, ?) g""", readers, perReader);
        sql.execute("VACUUM ANALYZE notification_receipts");
        System.out.printf(
                "seeded to %d receipts (%d readers x %d) in %.1f s%n",
                sql.count("notification_receipts"), readers, perReader, (System.nanoTime() - start) / 1e9);
    }

    private static void measureReads(DatabaseCoordinates coordinates, Sql sql) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("APP_HTTP_HOST", "127.0.0.1");
        env.put("APP_HTTP_PORT", "0");
        env.put("APP_DB_URL", coordinates.url());
        env.put("APP_DB_USER", coordinates.user());
        env.put("APP_DB_PASSWORD", coordinates.password());
        env.put("APP_MIGRATE_ON_START", "false");
        env.put("APP_JWT_SECRET", SECRET);
        env.put("APP_WORKERS_ENABLED", "false");
        // a UUID subject is the user id itself: tokens for 1000 of the seeded readers
        List<String> tokens = sql.rows("""
                SELECT DISTINCT user_id::text FROM notification_receipts WHERE event_id IS NULL LIMIT 1000""").stream()
                .map(row -> Authenticator.mint(SECRET.getBytes(), row.getFirst().toString(), Role.USER, 3600))
                .toList();
        System.out.printf("readers sampled: %d%n", tokens.size());
        String reader = sql.string("SELECT user_id::text FROM notification_receipts WHERE event_id IS NULL LIMIT 1");
        explain(sql, "SELECT " + Notification.COLUMNS + """

                FROM notification_receipts r JOIN notifications n ON n.id = r.notification_id
                WHERE r.user_id = ?::uuid AND r.placement = 'inbox'
                ORDER BY r.created_at DESC, r.id DESC LIMIT 21""", reader);
        explain(sql, """
                SELECT count(*) FROM notification_receipts
                WHERE user_id = ?::uuid AND placement = 'inbox' AND NOT is_read""", reader);
        try (ServiceApp app = ServiceApp.start(AppConfig.from(env), ServiceApp.Mode.SERVE)) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            report("GET /v1/notifications (limit 20)", latencies(client, base + "/v1/notifications", tokens));
            report(
                    "GET /v1/notifications/unread-count",
                    latencies(client, base + "/v1/notifications/unread-count", tokens));
            report(
                    "GET /v1/notifications?unread_only=true",
                    latencies(client, base + "/v1/notifications?unread_only=true", tokens));
        }
    }

    private static void explain(Sql sql, String query, Object... params) {
        System.out.println("EXPLAIN (ANALYZE, BUFFERS)");
        sql.rows("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
                .forEach(row -> System.out.println("  " + row.getFirst()));
    }

    private static long[] latencies(HttpClient client, String url, List<String> tokens) throws Exception {
        Random random = new Random(42);
        int warmup = 1000;
        int measured = 5000;
        long[] nanos = new long[measured];
        for (int i = 0; i < warmup + measured; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + tokens.get(random.nextInt(tokens.size())))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
            }
            if (i >= warmup) {
                nanos[i - warmup] = took;
            }
        }
        return nanos;
    }

    private static void report(String name, long[] nanos) {
        Arrays.sort(nanos);
        System.out.printf(
                "%-40s n=%d  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                name,
                nanos.length,
                nanos[nanos.length / 2] / 1e6,
                nanos[(int) (nanos.length * 0.99)] / 1e6,
                nanos[nanos.length - 1] / 1e6);
    }
}
