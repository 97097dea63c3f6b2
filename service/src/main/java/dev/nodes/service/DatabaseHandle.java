package dev.nodes.service;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.nodes.service.config.AppConfig;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The configured PostgreSQL, or an embedded one when APP_DB_URL is not set. */
final class DatabaseHandle implements AutoCloseable {
    private final DatabaseCoordinates coordinates;
    private final Optional<EmbeddedDatabase> embedded;

    private DatabaseHandle(DatabaseCoordinates coordinates, Optional<EmbeddedDatabase> embedded) {
        this.coordinates = coordinates;
        this.embedded = embedded;
    }

    static DatabaseHandle open(AppConfig config) {
        if (config.dbUrl().isPresent()) {
            return new DatabaseHandle(
                    new DatabaseCoordinates(config.dbUrl().get(), config.dbUser(), config.dbPassword()),
                    Optional.empty());
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(Path.of(config.dataDir(), "pgdata"));
        return new DatabaseHandle(embedded.coordinates(), Optional.of(embedded));
    }

    Database connect(int poolSize, Duration wait, Optional<MetricsTrackerFactory> tracker) {
        return Database.connect(coordinates, poolSize, wait, tracker);
    }

    boolean isEmbedded() {
        return embedded.isPresent();
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
