package dev.nodes.service.testing;

import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.db.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Databases for tests on the real PostgreSQL at 127.0.0.1 (scripts/ensure-backends.sh provides it and the
 * nodes_test role). The schema is migrated once into a template; each test class gets its own copy.
 * A missing server fails the test with the reason: nothing is skipped.
 */
public final class TestDatabases {
    private static final String HOST = env("NODES_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("NODES_TEST_PG_PORT", "5432");
    private static final String USER = env("NODES_TEST_PG_USER", "nodes_test");
    private static final String PASSWORD = env("NODES_TEST_PG_PASSWORD", "nodes_test");
    private static final String TEMPLATE =
            "nodes_test_template_" + UUID.randomUUID().toString().substring(0, 8);
    private static boolean templateReady;

    private TestDatabases() {}

    /** A fresh, migrated database of its own. */
    public static synchronized DatabaseCoordinates create() {
        if (!templateReady) {
            createTemplate();
            templateReady = true;
        }
        String name =
                "nodes_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return coordinates(name);
    }

    /** An empty database (no schema), for tests of the migrations themselves. */
    public static DatabaseCoordinates createEmpty() {
        String name = "nodes_test_empty_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return coordinates(name);
    }

    public static void drop(DatabaseCoordinates coordinates) {
        String name = coordinates.url().substring(coordinates.url().lastIndexOf('/') + 1);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void createTemplate() {
        admin("CREATE DATABASE " + TEMPLATE);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(coordinates(TEMPLATE).url());
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        Migrations.apply(dataSource);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> admin("DROP DATABASE IF EXISTS " + TEMPLATE + " WITH (FORCE)")));
    }

    private static DatabaseCoordinates coordinates(String database) {
        return new DatabaseCoordinates("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, USER, PASSWORD);
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(coordinates("postgres").url(), USER, PASSWORD);
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
