package dev.nodes.profiling.faults;

import dev.nodes.profiling.ChildProcess;
import dev.nodes.profiling.profile.ServiceProcess;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the suite runs and kills, all of its own on spare loopback ports in one work directory: an embedded
 * PostgreSQL (durable commits, restarted on its data directory and port), a redis-server, the service
 * ({@code serve} without workers) and one broadcast worker ({@code worker}), each in a JVM of its own.
 */
final class FaultStack implements AutoCloseable {
    /** Quick polls and a short lease, so that a killed worker's broadcast is taken over in seconds, not 30. */
    private static final Map<String, String> WORKER_SETTINGS = Map.of(
            "APP_NOTIFICATIONS_POLL_MS", "200",
            "APP_NOTIFICATIONS_LEASE_SECONDS", "3");

    private final Path workDir;
    private final PrintStream out;
    private final String secret;
    private final int postgresPort;
    private final int redisPort;
    private EmbeddedDatabase postgres;
    private RedisServer redis;
    private ServiceProcess service;
    private ServiceProcess worker;

    private FaultStack(Path workDir, PrintStream out) throws IOException {
        this.workDir = workDir;
        this.out = out;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random);
        this.postgresPort = ChildProcess.sparePort();
        this.redisPort = ChildProcess.sparePort();
    }

    /** Starts everything; on a failure what was started is stopped again. */
    static FaultStack start(Path workDir, PrintStream out) throws IOException {
        RedisServer.binary(); // before anything starts: a missing redis-server is the commonest failure
        FaultStack stack = new FaultStack(workDir, out);
        try {
            stack.startPostgres();
            stack.startRedis();
            stack.service = ServiceProcess.start(
                    "serve",
                    stack.database(),
                    stack.secret,
                    Map.of("APP_REDIS_URL", stack.redis.url(), "APP_WORKERS_ENABLED", "false"),
                    workDir.resolve("service.log"),
                    out);
            stack.startWorker();
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    DatabaseCoordinates database() {
        // the URL by address, so that no client tries ::1 first
        return new DatabaseCoordinates(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "postgres", "postgres");
    }

    byte[] secret() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    ServiceProcess service() {
        return service;
    }

    void startPostgres() {
        postgres = EmbeddedDatabase.startDurable(workDir.resolve("pgdata"), postgresPort);
        out.printf(
                "faults: PostgreSQL on 127.0.0.1:%d (postmaster %d)%n",
                postgresPort, postgres.postmasterPid().orElse(-1L));
    }

    void killPostgres() {
        out.printf(
                "faults: kill -9 PostgreSQL (postmaster %d and its backends)%n",
                postgres.postmasterPid().orElse(-1L));
        postgres.kill();
        postgres = null;
    }

    void startRedis() throws IOException {
        redis = RedisServer.start(redisPort, workDir.resolve("redis"), workDir.resolve("redis.log"));
        out.printf("faults: redis-server on 127.0.0.1:%d (pid %d)%n", redisPort, redis.pid());
    }

    void killRedis() {
        out.printf("faults: kill -9 redis-server (pid %d)%n", redis.pid());
        redis.kill();
        redis = null;
    }

    void startWorker() throws IOException {
        Map<String, String> settings = new HashMap<>(WORKER_SETTINGS);
        settings.put("APP_REDIS_URL", redis.url());
        worker = ServiceProcess.start("worker", database(), secret, settings, workDir.resolve("worker.log"), out);
    }

    void killWorker() {
        out.printf("faults: kill -9 the broadcast worker (JVM %d)%n", worker.pid());
        worker.kill();
        worker = null;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
