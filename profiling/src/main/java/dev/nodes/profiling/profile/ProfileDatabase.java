package dev.nodes.profiling.profile;

import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.db.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The PostgreSQL the profiled service uses: one given with {@code --db-url}, or an embedded one in a temporary
 * directory (a fresh database per run, so runs are comparable; PostgreSQL runs as its own processes, outside the
 * profiled JVM). The tool itself only writes users with it, which have no API.
 */
final class ProfileDatabase implements AutoCloseable {
    /** Subjects of the users this tool adds: recognisable, and counted to add only the missing ones. */
    static final String USER_PREFIX = "profile-user-";

    private final DatabaseCoordinates coordinates;
    private final Optional<EmbeddedDatabase> embedded;

    private ProfileDatabase(DatabaseCoordinates coordinates, Optional<EmbeddedDatabase> embedded) {
        this.coordinates = coordinates;
        this.embedded = embedded;
    }

    static ProfileDatabase embedded(Path dataDirectory) {
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory);
        return new ProfileDatabase(database.coordinates(), Optional.of(database));
    }

    static ProfileDatabase given(DatabaseCoordinates coordinates) {
        return new ProfileDatabase(coordinates, Optional.empty());
    }

    DatabaseCoordinates coordinates() {
        return coordinates;
    }

    String describe() {
        return embedded.isPresent()
                ? "embedded PostgreSQL in a temporary directory (fresh for this run)"
                : "PostgreSQL at " + coordinates.url();
    }

    /**
     * Makes sure at least {@code wanted} users with this tool's subjects exist (the service's schema must be there:
     * the service migrates on start); returns how many users the table holds in all.
     */
    long ensureUsers(int wanted) throws SQLException {
        try (Connection c =
                DriverManager.getConnection(coordinates.url(), coordinates.user(), coordinates.password())) {
            long have = count(c, "SELECT count(*) FROM users WHERE subject LIKE '" + USER_PREFIX + "%'");
            if (have < wanted) {
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO users (id, subject)
                        SELECT gen_random_uuid(), ?::text || g::text FROM generate_series(?::int, ?::int) AS g""")) {
                    insert.setString(1, USER_PREFIX);
                    insert.setLong(2, have + 1);
                    insert.setLong(3, wanted);
                    insert.executeUpdate();
                }
                try (Statement analyze = c.createStatement()) {
                    analyze.execute("ANALYZE users");
                }
            }
            return count(c, "SELECT count(*) FROM users");
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedDatabase::close);
    }
}
