package dev.nodes.profiling.faults;

import dev.nodes.profiling.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A redis-server of the suite's own, a child process on a loopback port. Without persistence ({@code --save ''},
 * no append-only file): Redis is the service's cache and view de-duplication, never the record, so a restart
 * that has lost everything is the harder case (every view it forgets must still count once, decided by
 * PostgreSQL), and the one a restarted pod without a volume gives.
 */
final class RedisServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final ChildProcess child;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.child = new ChildProcess(process, "redis-server", false);
    }

    /** The redis-server on PATH (or Debian's), or a failure that says how to get one. */
    static Path binary() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server"));
        return Stream.concat(onPath, Stream.of(Path.of("/usr/bin/redis-server")))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("redis-server is not installed (not on PATH nor"
                        + " /usr/bin): apt-get install redis-server, or run scripts/ensure-backends.sh"));
    }

    static RedisServer start(int port, Path directory, Path log) throws IOException {
        Files.createDirectories(directory);
        Process process = new ProcessBuilder(List.of(
                        binary().toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        directory.toString(),
                        "--daemonize",
                        "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        RedisServer redis = new RedisServer(process, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!redis.answersPing()) {
            if (!process.isAlive()) {
                throw new IOException(
                        "redis-server exited with " + process.exitValue() + " on port " + port + " (see " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                redis.kill();
                throw new IOException("redis-server did not answer PING on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            Waits.sleep(50);
        }
        return redis;
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGKILL; returns when the process is gone. */
    void kill() {
        child.kill();
    }

    @Override
    public void close() {
        kill();
    }
}
