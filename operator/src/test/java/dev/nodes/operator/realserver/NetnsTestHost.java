package dev.nodes.operator.realserver;

import dev.nodes.operator.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test host with its own address (a network namespace joined by a veth pair), from
 * {@code scripts/netns-test-host.sh}: Kubernetes refuses loopback addresses in Endpoints. Failing to
 * create it fails the test; it is never skipped.
 */
final class NetnsTestHost implements AutoCloseable {
    private final Path script;
    private final String name;
    final String hostIp;
    private final List<Process> processes = new ArrayList<>();

    private NetnsTestHost(Path script, String name, String hostIp) {
        this.script = script;
        this.name = name;
        this.hostIp = hostIp;
    }

    /** The project's own script (scripts/netns-test-host.sh). */
    static Path script() {
        Path s = ProjectPaths.repoRoot().resolve("scripts/netns-test-host.sh");
        if (!Files.isRegularFile(s)) {
            throw new IllegalStateException("no " + s);
        }
        return s;
    }

    static NetnsTestHost up(String name, int index) throws IOException, InterruptedException {
        Path script = script();
        String out = run(List.of("bash", script.toString(), "up", name, Integer.toString(index)));
        Matcher m = Pattern.compile("HOST_IP=(\\S+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("test-host.sh printed no HOST_IP: " + out);
        }
        return new NetnsTestHost(script, name, m.group(1));
    }

    /** Starts a command inside the namespace; it is killed on close. */
    Process start(List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(p);
        return p;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (needs root and iproute2): " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        run(List.of("bash", script.toString(), "down", name));
    }
}
