package dev.nodes.profiling.bench;

import dev.nodes.service.ServiceApp;
import dev.nodes.service.config.AppConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The real service in-process on a free loopback port, against a database of its own on the real PostgreSQL at
 * 127.0.0.1:5432 (role nodes_test, as scripts/ensure-backends.sh sets up), migrated on start. A missing server
 * fails with the reason; nothing is skipped.
 */
public final class BenchServiceFixture implements AutoCloseable {
    public static final String JWT_SECRET = "bench-test-secret-bench-test-secret-0123456789";
    private static final String HOST = env("NODES_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("NODES_TEST_PG_PORT", "5432");
    public static final String USER = env("NODES_TEST_PG_USER", "nodes_test");
    public static final String PASSWORD = env("NODES_TEST_PG_PASSWORD", "nodes_test");

    private final String database;
    private final ServiceApp app;

    public BenchServiceFixture() {
        this.database = createDatabase();
        try {
            this.app = ServiceApp.start(
                    AppConfig.from(Map.of(
                            "APP_HTTP_HOST",
                            "127.0.0.1",
                            "APP_HTTP_PORT",
                            "0",
                            "APP_DB_URL",
                            url(database),
                            "APP_DB_USER",
                            USER,
                            "APP_DB_PASSWORD",
                            PASSWORD,
                            "APP_DB_POOL_SIZE",
                            "8",
                            "APP_MIGRATE_ON_START",
                            "true",
                            "APP_JWT_SECRET",
                            JWT_SECRET,
                            "APP_NODES_CACHE_NAMESPACE",
                            database)),
                    ServiceApp.Mode.SERVE);
        } catch (RuntimeException e) {
            dropDatabase(database);
            throw e;
        }
    }

    public String target() {
        return "http://127.0.0.1:" + app.port();
    }

    public long count(String sql) {
        try (Connection c = DriverManager.getConnection(url(database), USER, PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
        dropDatabase(database);
    }

    /** An empty database of its own on the test PostgreSQL (the service migrates it on start); returns its name. */
    public static String createDatabase() {
        String name =
                "nodes_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return name;
    }

    public static void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public static String url(String name) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL for tests is not usable at " + HOST + ":" + PORT + " as " + USER
                            + " (run scripts/ensure-backends.sh): " + e.getMessage(),
                    e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
