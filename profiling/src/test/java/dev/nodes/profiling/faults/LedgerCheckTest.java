package dev.nodes.profiling.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.profiling.bench.BenchServiceFixture;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.db.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The check is not vacuous: on a migrated database of the test PostgreSQL, acknowledged writes that have no row
 * are counted lost, and counters above their rows or a broadcast reaching a user twice are counted duplicates.
 */
class LedgerCheckTest {
    private String name;
    private DatabaseCoordinates database;

    @BeforeEach
    void migratedDatabase() {
        name = BenchServiceFixture.createDatabase();
        database = new DatabaseCoordinates(
                BenchServiceFixture.url(name), BenchServiceFixture.USER, BenchServiceFixture.PASSWORD);
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(database.url());
        source.setUser(database.user());
        source.setPassword(database.password());
        Migrations.apply(source);
    }

    @AfterEach
    void drop() {
        BenchServiceFixture.dropDatabase(name);
    }

    @Test
    void acknowledgedWritesWithoutRowsAreLost() throws Exception {
        Ledger ledger = new Ledger();
        ledger.created(424242, "never-written");
        ledger.counted(424242, UUID.randomUUID());
        ledger.liked(424242, UUID.randomUUID());
        ledger.sent("faults:test:1", UUID.randomUUID());
        ledger.broadcast(UUID.randomUUID(), List.of(UUID.randomUUID()));

        LedgerCheck.Findings findings = new LedgerCheck(database).check(ledger);

        assertEquals(5, findings.lost(), findings.problems().toString());
        assertEquals(0, findings.duplicates(), findings.problems().toString());
    }

    @Test
    void countersAboveTheirRowsAndSecondReceiptsAreDuplicates() throws Exception {
        UUID user = UUID.randomUUID();
        UUID broadcast = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO nodes (slug, author_id, title, views_count) VALUES ('counted-twice', '" + user
                    + "', 't', 2)");
            s.execute("INSERT INTO node_views (node_id, day, viewer_id) SELECT id, current_date, '" + user
                    + "' FROM nodes");
            s.execute("INSERT INTO node_view_buckets (node_id, day, views) SELECT id, current_date, 1 FROM nodes");
            s.execute("INSERT INTO notifications (id, title, message) VALUES ('" + broadcast + "', 't', 'm')");
            s.execute("INSERT INTO broadcasts (id, title, message, audience, status, notification_id, created_by)"
                    + " VALUES ('" + broadcast + "', 't', 'm', '{}', 'sent', '" + broadcast + "', '" + user + "')");
            s.execute("INSERT INTO notification_receipts (notification_id, user_id, placement) VALUES" + " ('"
                    + broadcast + "', '" + user + "', 'inbox'), ('" + broadcast + "', '" + user + "', 'inbox')");
        }
        Ledger ledger = new Ledger();
        ledger.broadcast(broadcast, List.of(user));

        LedgerCheck.Findings findings = new LedgerCheck(database).check(ledger);

        assertEquals(2, findings.duplicates(), findings.problems().toString()); // views_count 2 > 1 row; 2 receipts
        assertEquals(0, findings.lost(), findings.problems().toString());
        assertTrue(
                findings.problems().stream().anyMatch(p -> p.contains("counted twice")),
                findings.problems().toString());
    }
}
