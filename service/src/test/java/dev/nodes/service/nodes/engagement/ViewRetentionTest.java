package dev.nodes.service.nodes.engagement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ViewRetentionTest {

    @Test
    void dropsOnlyPerViewerRowsOlderThanTheRetentionInBatches() {
        DatabaseCoordinates coordinates = TestDatabases.create();
        try (Database database = Database.connect(coordinates, 2)) {
            Sql sql = new Sql(coordinates);
            sql.execute("INSERT INTO nodes (slug, author_id, title) VALUES ('kept', ?, 't')", UUID.randomUUID());
            long node = sql.longValue("SELECT id FROM nodes WHERE slug = 'kept'");
            // 12 000 old rows (more than two batches) and 3 recent ones
            sql.execute("""
                    INSERT INTO node_views (node_id, day, viewer_id)
                    SELECT ?, current_date - 100, gen_random_uuid() FROM generate_series(1, 12000)""", node);
            sql.execute("""
                    INSERT INTO node_views (node_id, day, viewer_id)
                    SELECT ?, current_date - d, gen_random_uuid() FROM generate_series(0, 2) d""", node);
            sql.execute(
                    "INSERT INTO node_view_buckets (node_id, day, views) VALUES (?, current_date - 100, 12000)", node);

            assertEquals(12_000, new ViewRetention(database, 90).pruneOnce());
            assertEquals(3, sql.count("node_views"));
            assertEquals(
                    12_000,
                    sql.longValue("SELECT views FROM node_view_buckets WHERE node_id = ?", node),
                    "daily buckets are history and stay");
            assertEquals(0, new ViewRetention(database, 90).pruneOnce());
        } finally {
            TestDatabases.drop(coordinates);
        }
    }
}
