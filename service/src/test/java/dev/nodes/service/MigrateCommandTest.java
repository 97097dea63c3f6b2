package dev.nodes.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The `migrate` subcommand the operator's Job runs: exit 0 with the schema current, non-zero on failure. */
class MigrateCommandTest {

    @Test
    void migratesAnEmptyDatabaseAndIsIdempotent() {
        DatabaseCoordinates db = TestDatabases.createEmpty();
        try {
            AppConfig config = AppConfig.from(
                    Map.of("APP_DB_URL", db.url(), "APP_DB_USER", db.user(), "APP_DB_PASSWORD", db.password()));
            assertEquals(0, MigrateCommand.run(config));
            Sql sql = new Sql(db);
            assertEquals(
                    newestMigrationVersion(),
                    sql.string("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"));
            assertEquals(
                    1,
                    sql.longValue(
                            "SELECT count(*) FROM pg_indexes WHERE indexname = 'notification_receipts_event_id_uq'"
                                    + " AND indexdef LIKE 'CREATE UNIQUE INDEX%'"));
            assertEquals(0, MigrateCommand.run(config), "a second run has nothing to do and still succeeds");
        } finally {
            TestDatabases.drop(db);
        }
    }

    /** The version of the newest file in the repository's migrations/ folder (the tests run in service/). */
    private static String newestMigrationVersion() {
        try (var files = Files.list(Path.of("..", "migrations"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .max(Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void failsWithNonZeroExitWhenTheDatabaseIsUnreachable() {
        AppConfig config = AppConfig.from(Map.of(
                "APP_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
                "APP_DB_USER",
                "x",
                "APP_DB_PASSWORD",
                "y"));
        assertEquals(1, MigrateCommand.run(config));
    }
}
