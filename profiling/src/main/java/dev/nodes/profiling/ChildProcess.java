package dev.nodes.profiling;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process the tool started (the service, a worker, redis-server): a child outlives its JVM, so it is also ended
 * when the tool is stopped (Ctrl-C) before it could end it itself.
 */
public final class ChildProcess {
    private final Process process;
    private final Thread onExit;

    /** @param gentleOnExit SIGTERM when the tool's JVM exits first (a service drains), else SIGKILL */
    public ChildProcess(Process process, String name, boolean gentleOnExit) {
        this.process = process;
        this.onExit = new Thread(gentleOnExit ? process::destroy : process::destroyForcibly, "end-" + name);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** A loopback port free right now, for a child to listen on. */
    public static int sparePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public Process process() {
        return process;
    }

    /** SIGKILL, as when the process or its machine is lost; returns when it is gone. */
    public void kill() {
        forgetExitHook();
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        forgetExitHook();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void forgetExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
