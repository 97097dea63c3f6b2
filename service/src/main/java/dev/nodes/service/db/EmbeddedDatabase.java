package dev.nodes.service.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL started in-process when no APP_DB_URL is configured, so the README's run command works
 * on a fresh machine. Its data directory is kept between runs. The fault suite also kills one hard and starts
 * it again on the same directory and port ({@link #startDurable}, {@link #kill}).
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedDatabase.class.getName());
    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, EmbeddedPostgres.builder());
    }

    /**
     * On the given port (0: a free one) and with {@code synchronous_commit} on, which zonky turns off: off, a
     * killed server loses the commits of its last few hundred milliseconds although they were acknowledged, and a
     * crash test would blame the service for it. After {@link #kill} it starts again with the same arguments,
     * recovering from its write-ahead log as after a real crash.
     */
    public static EmbeddedDatabase startDurable(Path dataDirectory, int port) {
        return start(
                dataDirectory,
                EmbeddedPostgres.builder()
                        .setPort(port)
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setPGStartupWait(Duration.ofSeconds(60)));
    }

    private static EmbeddedDatabase start(Path dataDirectory, EmbeddedPostgres.Builder builder) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = builder.setPgBinaryResolver(EmbeddedDatabase::binaries)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
            LOG.log(
                    System.Logger.Level.INFO,
                    "embedded PostgreSQL on port {0}, data in {1}",
                    String.valueOf(postgres.getPort()),
                    dataDirectory.toAbsolutePath());
            return new EmbeddedDatabase(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * The first copy of the binaries on the class path. A jar reached twice (the build's class path and the
     * {@code Class-Path} of the service jar's manifest, as when another module's tests run it in-process) holds the
     * same binaries, which zonky's own resolver refuses as "duplicate".
     */
    private static InputStream binaries(String system, String architecture) throws IOException {
        String name =
                "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + architecture.toLowerCase(Locale.ROOT) + ".txz";
        URL url = EmbeddedDatabase.class.getClassLoader().getResource(name);
        return url != null
                ? url.openStream()
                : DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
    }

    public DatabaseCoordinates coordinates() {
        return new DatabaseCoordinates(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** The postmaster's process id, from the first line of its {@code postmaster.pid}. */
    public Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A crash: SIGKILL to the postmaster and every process it started (as when its machine or container is lost;
     * the postmaster alone would leave backends holding its shared memory, and a new one could not start), waits
     * until they are all gone, then releases this instance's lock on the directory so that it can start again.
     */
    public void kill() {
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) {
            throw new IllegalStateException("no running postmaster in " + dataDirectory);
        }
        List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
        all.addFirst(postmaster.get());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while PostgreSQL was killed", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "PostgreSQL process " + process.pid() + " did not exit after SIGKILL", e);
            }
        }
        close(); // its pg_ctl stop finds no server (logged by zonky); what matters is the released lock
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
