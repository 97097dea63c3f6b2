package dev.nodes.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fault suite relies on: a durable embedded PostgreSQL killed hard keeps every commit and restarts in place. */
class EmbeddedDatabaseCrashTest {

    @Test
    void aKilledServerStartsAgainOnItsDirectoryAndPortWithEveryCommittedRow(@TempDir Path dir) throws Exception {
        EmbeddedDatabase first = EmbeddedDatabase.startDurable(dir, 0);
        int port = first.port();
        long pid = first.postmasterPid().orElseThrow();
        try (Connection c = connect(first);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE crash (n int)");
            s.execute("INSERT INTO crash SELECT generate_series(1, 1000)");
        }
        first.kill();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the postmaster is gone");

        try (EmbeddedDatabase second = EmbeddedDatabase.startDurable(dir, port);
                Connection c = connect(second);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM crash")) {
            assertEquals(port, second.port());
            rs.next();
            assertEquals(1000, rs.getLong(1));
        }
    }

    private static Connection connect(EmbeddedDatabase database) throws SQLException {
        DatabaseCoordinates c = database.coordinates();
        return DriverManager.getConnection(c.url(), c.user(), c.password());
    }
}
