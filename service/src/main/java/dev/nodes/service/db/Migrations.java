package dev.nodes.service.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations packaged in the jar (copied from the repository's migrations/ folder). */
public final class Migrations {
    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    private Migrations() {}

    /** Migrates, then refreshes planner statistics so new indexes are used at once. */
    public static MigrateResult apply(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load()
                .migrate();
        LOG.log(
                System.Logger.Level.INFO,
                "migrations: {0} applied, schema now at version {1}",
                result.migrationsExecuted,
                result.targetSchemaVersion);
        analyze(dataSource);
        return result;
    }

    private static void analyze(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("ANALYZE failed after migrating: " + e.getMessage(), e);
        }
    }
}
