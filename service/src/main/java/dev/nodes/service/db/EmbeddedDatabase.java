package dev.nodes.service.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL started in-process when no APP_DB_URL is configured, so the README's run command works
 * on a fresh machine. Its data directory is kept between runs.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            LOG.log(System.Logger.Level.INFO, "embedded PostgreSQL on port {0}, data in {1}",
                    String.valueOf(postgres.getPort()), dataDirectory.toAbsolutePath());
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public DatabaseCoordinates coordinates() {
        return new DatabaseCoordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
