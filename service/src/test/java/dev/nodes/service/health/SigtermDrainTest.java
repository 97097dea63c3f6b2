package dev.nodes.service.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.testing.TestDatabases;
import dev.nodes.service.testing.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a pod being replaced gets from the kubelet: a real SIGTERM to the service's own JVM. Every new connection is
 * still answered during the drain (readiness 503, everything else as usual), so the connections kube-proxy routes
 * here until its rules follow the endpoint's removal are not refused. Helidon's own shutdown hook would stop the
 * listener at the signal, beside ours.
 */
class SigtermDrainTest {
    private static final String LIVE = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    private static final String READY = "GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    @Test
    void afterSigtermNewConnectionsAreAnsweredThroughTheDrain() throws Exception {
        DatabaseCoordinates database = TestDatabases.create();
        Path log = Files.createTempFile("sigterm-drain", ".log");
        int port;
        try (ServerSocket spare = new ServerSocket(0)) {
            port = spare.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.nodes.service.Main",
                        "serve"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("APP_"));
        env.putAll(Map.of(
                "APP_HTTP_HOST",
                "127.0.0.1",
                "APP_HTTP_PORT",
                String.valueOf(port),
                "APP_DB_URL",
                database.url(),
                "APP_DB_USER",
                database.user(),
                "APP_DB_PASSWORD",
                database.password(),
                "APP_JWT_SECRET",
                TestService.JWT_SECRET,
                "APP_SHUTDOWN_DRAIN_SECONDS",
                "60",
                "APP_NODES_CACHE_NAMESPACE",
                "sigterm-" + port));
        Process service = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> status(port, READY) == 200);

            service.destroy(); // SIGTERM
            // until our hook has seen the signal, answers are the usual ones; none may be a refused connection
            int ready = 200;
            for (int i = 0; i < 10_000 && ready == 200; i++) {
                ready = status(port, READY);
            }
            assertEquals(503, ready, "readiness turns down during the drain");
            for (int i = 0; i < 20; i++) {
                assertEquals(200, status(port, LIVE), "a new connection during the drain is answered");
            }
            assertTrue(service.isAlive(), "still draining");
        } catch (IOException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nservice log:\n" + Files.readString(log), e);
        } finally {
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
            TestDatabases.drop(database);
            Files.deleteIfExists(log);
        }
    }

    /** The status code of one request on a new connection; an IOException if the connection is refused. */
    private static int status(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!response.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer: " + response);
            }
            return Integer.parseInt(response.substring(9, 12));
        }
    }
}
