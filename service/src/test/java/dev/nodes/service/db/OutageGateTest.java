package dev.nodes.service.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageGateTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final OutageGate gate = new OutageGate(Duration.ofMillis(500), now::get);

    @Test
    void nothingIsRefusedWhileTheDatabaseAnswers() {
        assertFalse(gate.refuse());
        gate.failed(new SQLException("duplicate key", "23505")); // not an outage
        assertFalse(gate.refuse());
        gate.failed(new SQLTransientConnectionException("pool timed out")); // overload, not an outage
        assertFalse(gate.refuse());
        assertEquals(0, gate.refused());
    }

    @Test
    void afterAnOutageRequestsAreRefusedAndOneProbesPerInterval() {
        gate.failed(new SQLException("connection refused", "08001", new ConnectException("refused")));
        assertTrue(gate.isDown());
        assertTrue(gate.refuse());
        assertTrue(gate.refuse());
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertTrue(gate.refuse(), "not yet time to probe");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertFalse(gate.refuse(), "this one probes");
        assertTrue(gate.refuse(), "only one probe per interval");
        assertEquals(4, gate.refused());

        gate.failed(new SQLException("still down", "08006"));
        assertTrue(gate.refuse(), "a failed probe restarts the interval");
        gate.succeeded();
        assertFalse(gate.isDown());
        assertFalse(gate.refuse());
    }
}
