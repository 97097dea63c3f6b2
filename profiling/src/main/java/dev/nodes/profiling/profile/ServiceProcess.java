package dev.nodes.profiling.profile;

import dev.nodes.profiling.ChildProcess;
import dev.nodes.service.db.DatabaseCoordinates;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service in a JVM of its own ({@code dev.nodes.service.Main serve}, or {@code worker}, from this tool's
 * classpath, which holds the service jar), so that a profile of it does not contain the load generator. Loopback
 * only, a free port, the given database, a secret of its own; its output goes to a file. The fault suite kills
 * its broadcast worker with {@link #kill}.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final ChildProcess child;
    private final URI target;
    private final Path log;

    private ServiceProcess(Process process, URI target, Path log) {
        this.process = process;
        this.target = target;
        this.log = log;
        // SIGTERM when the tool stops first: the service drains and closes its capture
        this.child = new ChildProcess(process, "profiled-service", true);
    }

    /** The JVM options the service runs with; DebugNonSafepoints makes async-profiler's frames exact. */
    static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:+DebugNonSafepoints",
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx1g");

    static ServiceProcess start(
            DatabaseCoordinates database, String jwtSecret, Map<String, String> settings, Path log, PrintStream out)
            throws IOException {
        return start("serve", database, jwtSecret, settings, log, out);
    }

    /** {@code subcommand}: the service's {@code serve} or {@code worker}; {@code settings} are added to its env. */
    public static ServiceProcess start(
            String subcommand,
            DatabaseCoordinates database,
            String jwtSecret,
            Map<String, String> settings,
            Path log,
            PrintStream out)
            throws IOException {
        int port = ChildProcess.sparePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.nodes.service.Main", subcommand));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())); // a restart appends
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("APP_")); // only what is set here
        env.put("APP_HTTP_HOST", "127.0.0.1");
        env.put("APP_HTTP_PORT", String.valueOf(port));
        env.put("APP_DB_URL", database.url());
        env.put("APP_DB_USER", database.user());
        env.put("APP_DB_PASSWORD", database.password());
        env.put("APP_MIGRATE_ON_START", "true");
        env.put("APP_JWT_SECRET", jwtSecret);
        env.put("APP_DATA_DIR", log.toAbsolutePath().getParent().toString());
        env.putAll(settings);
        Process process = builder.start();
        ServiceProcess service = new ServiceProcess(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            service.awaitLive();
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        out.printf("service `%s` started in JVM %d on %s (log %s)%n", subcommand, process.pid(), service.target, log);
        return service;
    }

    public URI target() {
        return target;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time the service's JVM has used so far, when the platform reports it. */
    Optional<Duration> cpuTime() {
        return process.toHandle().info().totalCpuDuration();
    }

    private void awaitLive() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest live = HttpRequest.newBuilder(URI.create(target + "/health/live"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "the service exited with code " + process.exitValue() + " while starting:\n" + tail());
                }
                try {
                    if (client.send(live, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the service started", e);
        }
        throw new IOException("the service did not become live within " + START_TIMEOUT.toSeconds() + " s:\n" + tail());
    }

    /** The end of the service's output, for an error message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as when the process or its machine is lost; returns when it is gone. */
    public void kill() {
        child.kill();
    }

    /** SIGTERM (the service closes its capture, workers and pool), then a kill after 30 s. */
    @Override
    public void close() {
        child.stop(Duration.ofSeconds(30));
    }
}
