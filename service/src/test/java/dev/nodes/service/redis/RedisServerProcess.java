package dev.nodes.service.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * A redis-server of a test's own on a loopback port, so a test can stop and restart Redis without touching the
 * shared one on 6379. It writes its RDB file into {@code dir} only when asked (SAVE), and loads it on restart.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServerProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server on a free loopback port; fails clearly when redis-server is not installed. */
    public static RedisServerProcess start(Path dir) {
        RedisServerProcess server = new RedisServerProcess(freePort(), dir);
        server.startAgain();
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** A fresh client of the test's own (short timeouts); the caller closes it. */
    public RedisClient client() {
        return RedisClient.builder()
                .hostAndPort("127.0.0.1", port)
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(500)
                        .socketTimeoutMillis(2000)
                        .build())
                .build();
    }

    /** (Re)starts the server on the same port and waits until it answers PING. */
    public void startAgain() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: install redis-server (scripts/ensure-backends.sh does)");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            process = new ProcessBuilder(List.of(
                            BINARY.toString(),
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString(),
                            "--dbfilename",
                            "dump.rdb"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        try (RedisClient client = client()) {
            await("redis-server on port " + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> process.isAlive() && "PONG".equals(client.ping()));
        }
    }

    /** SIGSTOP: the server keeps its data and connections but answers nothing (a stall, a long GC, a VM pause). */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server (SIGKILL: an outage, not a shutdown) and waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            resume();
        }
        kill();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
