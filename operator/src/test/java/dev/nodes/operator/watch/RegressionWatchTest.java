package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scrape client and the watch's memory against a local HTTP server (no API server involved: the
 * Endpoints are built in memory, so loopback is fine here).
 */
class RegressionWatchTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    HttpServer server;
    final AtomicReference<String> body = new AtomicReference<>("");
    final AtomicInteger requests = new AtomicInteger();
    /** While set, /metrics answers only when the test ends: a pod that never answers within any deadline. */
    final AtomicBoolean hold = new AtomicBoolean();

    final CountDownLatch released = new CountDownLatch(1);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/metrics", exchange -> {
            requests.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (hold.get()) {
                    released.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    /** The Service's slices as the EndpointSlice controller writes them: ready pods, one not ready, port http. */
    static Optional<List<MetricsScraper.Target>> endpoints(int port, int pods) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("nodes-abcde")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName("http")
                .withPort(port)
                .endPort();
        for (int i = 0; i < pods; i++) {
            slice.addNewEndpoint()
                    .withAddresses("127.0.0.1")
                    .withNewConditions()
                    .withReady(true)
                    .endConditions()
                    .withNewTargetRef()
                    .withKind("Pod")
                    .withName(String.format("nodes-abc-%02d", i))
                    .endTargetRef()
                    .endEndpoint();
        }
        slice.addNewEndpoint()
                .withAddresses("127.0.0.2")
                .withNewConditions()
                .withReady(false)
                .endConditions()
                .endEndpoint();
        return Optional.of(ServiceEndpoints.targets(List.of(slice.build())));
    }

    RegressionWatch watch(Duration timeout, int maxPods) {
        return new RegressionWatch(new MetricsScraper(timeout.dividedBy(2), timeout, maxPods));
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Test
    void primesThenReadsTheWindowFromTwoRealScrapes() {
        RegressionWatch w = watch(Duration.ofSeconds(2), 10);
        body.set(PrometheusTextTest.resource("service-metrics-1.txt"));
        RegressionWatch.Evaluation first = w.evaluate("uid", "nodes", endpoints(port(), 1), "r1", null, T0);
        assertTrue(first.reading().priming());
        assertFalse(first.stable());
        assertEquals(Duration.ofSeconds(300), w.untilDue("uid", Duration.ofMinutes(5), T0));
        assertEquals(Duration.ofSeconds(1), w.untilDue("uid", Duration.ofMinutes(5), T0.plusSeconds(299)));
        assertEquals(Duration.ZERO, w.untilDue("uid", Duration.ofMinutes(5), T0.plusSeconds(301)));

        body.set(PrometheusTextTest.resource("service-metrics-2.txt"));
        RegressionWatch.Evaluation second = w.evaluate(
                "uid",
                "nodes",
                endpoints(port(), 1),
                "r1",
                new RedisMemory(30L << 20, 100L << 20, null),
                T0.plusSeconds(300));
        WindowReading r = second.reading();
        assertTrue(second.stable(), "rolled out at both ends of the window");
        assertFalse(r.priming());
        assertEquals(Duration.ofSeconds(300), r.window());
        assertEquals(1, r.podsRead());
        assertEquals(60L, r.requests().get(RouteFamily.NODES));
        assertEquals(5 + 5.0 * 10 / 12, r.p95Millis().get(RouteFamily.NODES), 1e-9);
        assertEquals(50L, r.requests().get(RouteFamily.NOTIFICATIONS));
        assertEquals(6.875, r.p95Millis().get(RouteFamily.NOTIFICATIONS), 1e-9);
        assertEquals(0.8, r.cacheHitRatio(), 1e-9);
        assertEquals(50, r.cacheLookups());
        assertEquals(0.3, r.redisMemoryRatio(), 1e-9);
        assertEquals("30.0 MiB of 100.0 MiB", r.redisNote());
        assertEquals(2, requests.get(), "one GET per scrape, the not-ready address never");
    }

    @Test
    void aWindowAcrossARolloutIsNotStable() {
        RegressionWatch w = watch(Duration.ofSeconds(2), 10);
        body.set(PrometheusTextTest.resource("service-metrics-1.txt"));
        w.evaluate("uid", "nodes", endpoints(port(), 1), null, null, T0);
        body.set(PrometheusTextTest.resource("service-metrics-2.txt"));
        assertFalse(w.evaluate("uid", "nodes", endpoints(port(), 1), "r2", null, T0.plusSeconds(300))
                .stable());
        assertTrue(w.evaluate("uid", "nodes", endpoints(port(), 1), "r2", null, T0.plusSeconds(600))
                .stable());
        assertFalse(w.evaluate("uid", "nodes", endpoints(port(), 1), "r3", null, T0.plusSeconds(900))
                .stable());
    }

    @Test
    void aRestartedPodIsSkippedForOneWindow() {
        RegressionWatch w = watch(Duration.ofSeconds(2), 10);
        String before = PrometheusTextTest.resource("service-metrics-2.txt");
        body.set(before);
        w.evaluate("uid", "nodes", endpoints(port(), 1), "r1", null, T0);
        body.set(PrometheusTextTest.resource("service-metrics-1.txt").replace("1.795654310067E9", "1.795654999E9"));
        WindowReading restarted = w.evaluate("uid", "nodes", endpoints(port(), 1), "r1", null, T0.plusSeconds(300))
                .reading();
        assertFalse(restarted.isUnavailable());
        assertEquals(0, restarted.podsRead());
        assertTrue(
                restarted.notes().stream().anyMatch(n -> n.contains("restarted")),
                restarted.notes().toString());
        assertEquals(0L, restarted.requests().get(RouteFamily.NODES));
        assertTrue(restarted.p95Millis().isEmpty());
    }

    @Test
    void noEndpointSlicesOrNoReadyPodIsMetricsUnavailable() {
        RegressionWatch w = watch(Duration.ofSeconds(2), 10);
        WindowReading none = w.evaluate("uid", "nodes", Optional.empty(), "r1", RedisMemory.unreachable("down"), T0)
                .reading();
        assertTrue(none.isUnavailable());
        assertEquals("no EndpointSlices nodes: no pods to scrape", none.unavailable());
        assertEquals("Redis memory not read: down", none.redisNote());
        WindowReading notReady = w.evaluate("uid", "nodes", endpoints(port(), 0), "r1", null, T0.plusSeconds(1))
                .reading();
        assertTrue(notReady.unavailable().contains("no ready pod"), notReady.unavailable());
        assertEquals(0, requests.get());
    }

    @Test
    void aRefusedConnectionIsMetricsUnavailableNotAFailure() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        WindowReading r = watch(Duration.ofSeconds(2), 10)
                .evaluate("uid", "nodes", endpoints(closed, 1), "r1", null, T0)
                .reading();
        assertTrue(r.isUnavailable());
        assertTrue(r.unavailable().contains("connection refused"), r.unavailable());
    }

    @Test
    void aSlowPodCostsOneDeadlineAtMost() {
        hold.set(true);
        body.set("x 1\n");
        // a deadline long enough for all three requests to arrive even on a busy machine
        WindowReading r = watch(Duration.ofSeconds(2), 10)
                .evaluate("uid", "nodes", endpoints(port(), 3), "r1", null, T0)
                .reading();
        assertTrue(r.isUnavailable());
        assertTrue(r.unavailable().contains("timed out"), r.unavailable());
        // scraped in parallel, so the window costs one deadline, not three (no timing asserted)
        assertEquals(3, maxInFlight.get(), "the three pods were asked at once");
    }

    @Test
    void atMostMaxPodsAreScraped() throws IOException {
        body.set(PrometheusTextTest.resource("service-metrics-1.txt"));
        RegressionWatch w = watch(Duration.ofSeconds(2), 10);
        WindowReading r = w.evaluate("uid", "nodes", endpoints(port(), 12), "r1", null, T0)
                .reading();
        assertEquals(10, requests.get());
        assertEquals(10, r.podsRead());
        assertTrue(r.notes().contains("scraped 10 of 12 pods (cap)"), r.notes().toString());

        // the cost of a window at the cap: 10 scrapes of the real service's /metrics (~25 KB), parsed (recorded, not
        // asserted)
        body.set(PrometheusTextTest.resource("service-metrics-2.txt"));
        long started = System.nanoTime();
        int rounds = 20;
        for (int i = 1; i <= rounds; i++) {
            w.evaluate("uid", "nodes", endpoints(port(), 12), "r1", null, T0.plusSeconds(300L * i));
        }
        double millis = (System.nanoTime() - started) / 1e6 / rounds;
        Path out = Path.of("target", "measurements", "operator-watch-scrape.json");
        Files.createDirectories(out.getParent());
        Files.writeString(
                out,
                String.format(
                        Locale.ROOT,
                        "{\"pods\": 10, \"metrics_bytes_per_pod\": %d, \"window_millis\": %.2f}%n",
                        body.get().getBytes(StandardCharsets.UTF_8).length,
                        millis));
    }

    @Test
    void unreadableMetricsAreReportedPerPod() {
        body.set("this is { not metrics\n");
        WindowReading r = watch(Duration.ofSeconds(2), 10)
                .evaluate("uid", "nodes", endpoints(port(), 1), "r1", null, T0)
                .reading();
        assertTrue(r.isUnavailable());
        assertTrue(r.unavailable().contains("unreadable metrics: line 1"), r.unavailable());
    }
}
