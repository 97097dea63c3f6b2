package dev.nodes.service.profiling;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.auth.Role;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.profiling.flamegraph.CollapsedStacks;
import dev.nodes.service.profiling.flamegraph.FlameGraphSvgTestSupport;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The capture lifecycle with the JFR fallback forced, against a real database. */
class ProfilingServiceJfrTest {
    private static final Caller ADMIN = new Caller(UUID.randomUUID(), "admin", Role.ADMIN);
    private static DatabaseCoordinates coordinates;
    private static Database database;
    private static volatile long sink;

    @BeforeAll
    static void connect() {
        coordinates = TestDatabases.create();
        database = Database.connect(coordinates, 2);
    }

    @AfterAll
    static void drop() {
        database.close();
        TestDatabases.drop(coordinates);
    }

    @Test
    void aJfrCaptureIsStoredWithItsStacksTopFramesAndFlameGraph() throws Exception {
        try (ProfilingService profiling = new ProfilingService(database, FallbackProfiler.jfrOnly())) {
            Capture started = profiling.start(ADMIN, new CaptureRequest(1, ProfileEvent.CPU, Optional.empty()));
            assertEquals(Capture.RUNNING, started.status());
            assertEquals("cpu", started.event());
            assertNull(started.finishedAt());
            Thread busy = Thread.ofPlatform().name("busy-worker").start(ProfilingServiceJfrTest::burnUntilInterrupted);
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !profiling.get(started.id()).status().equals(Capture.RUNNING));
            } finally {
                busy.interrupt();
                busy.join();
            }

            Capture done = profiling.get(started.id());
            assertEquals(Capture.DONE, done.status(), done.error());
            assertTrue(done.profiler().startsWith("jfr (jdk.ExecutionSample"), done.profiler());
            assertNotNull(done.finishedAt());
            assertTrue(done.samples() > 0);
            assertFalse(done.topFrames().isEmpty());

            String collapsed =
                    new Sql(coordinates).string("SELECT collapsed FROM profiling_captures WHERE id = ?", done.id());
            assertEquals((long) done.samples(), CollapsedStacks.parse(collapsed).totalSamples());
            assertTrue(
                    collapsed.contains("dev/nodes/service/profiling/ProfilingServiceJfrTest.burnUntilInterrupted"),
                    collapsed);

            String svg = profiling.flameGraph(done.id());
            FlameGraphSvgTestSupport.assertWellFormed(svg);
            assertTrue(svg.contains("ProfilingServiceJfrTest.burnUntilInterrupted"), "the busy frame is drawn");
            assertTrue(svg.contains(done.profiler()));
        }
    }

    private static void burnUntilInterrupted() {
        long x = 1;
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Test
    void closingTheServiceCutsARunningCaptureShortAndRecordsWhy() {
        ProfilingService profiling = new ProfilingService(database, FallbackProfiler.jfrOnly());
        Capture started = profiling.start(ADMIN, new CaptureRequest(120, ProfileEvent.WALL, Optional.empty()));
        profiling.close();
        Capture stopped = profiling.get(started.id());
        assertEquals(Capture.FAILED, stopped.status());
        assertEquals("the service stopped during the capture", stopped.error());
        // the process-wide guard is free again
        try (ProfilingService next = new ProfilingService(database, FallbackProfiler.jfrOnly())) {
            Capture again = next.start(ADMIN, new CaptureRequest(1, ProfileEvent.ALLOC, Optional.empty()));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !next.get(again.id()).status().equals(Capture.RUNNING));
            assertEquals(
                    Capture.DONE,
                    next.get(again.id()).status(),
                    next.get(again.id()).error());
        }
    }

    @Test
    void aCaptureWhoseProcessVanishedIsReportedAsFailed() {
        UUID id = UUID.randomUUID();
        new Sql(coordinates).execute("""
                INSERT INTO profiling_captures (id, event, seconds, started_at)
                VALUES (?, 'cpu', 10, now() - interval '10 minutes')""", id);
        ProfilingService profiling = new ProfilingService(database, FallbackProfiler.jfrOnly());
        Capture abandoned = profiling.get(id);
        assertEquals(Capture.FAILED, abandoned.status());
        assertTrue(abandoned.error().startsWith("abandoned"), abandoned.error());
    }
}
