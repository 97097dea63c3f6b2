package dev.nodes.service;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.Migrations;
import java.util.Optional;

/** The {@code migrate} subcommand, run by the operator's migration Job: exit 0 only when the schema is current. */
final class MigrateCommand {
    private MigrateCommand() {}

    static int run(AppConfig config) {
        try (DatabaseHandle handle = DatabaseHandle.open(config);
                Database database = handle.connect(2, config.dbPoolWait(), Optional.empty())) {
            Migrations.apply(database.dataSource());
            System.out.println("nodes-service: migrations applied");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("nodes-service: migration failed: " + e.getMessage());
            e.printStackTrace(System.err);
            return 1;
        }
    }
}
