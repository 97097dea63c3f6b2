package dev.nodes.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts and kubectl as a user would, with a deadline, and fails loudly with their output. */
public final class Shell {
    /** What a finished command printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String lastLine() {
            List<String> lines = stdout.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }
    }

    private Shell() {}

    /** The repository root: the suite runs with e2e/ as its working directory. */
    public static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return here.resolve("scripts").toFile().isDirectory() ? here : here.getParent();
    }

    public static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(repoRoot().toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            // stderr goes to our own log as it comes (progress of long scripts); stdout is the result
            StringBuilder err = new StringBuilder();
            Thread errPump = Thread.ofVirtual().start(() -> {
                try (var r = p.errorReader(StandardCharsets.UTF_8)) {
                    r.lines().forEach(line -> {
                        System.err.println("  | " + line);
                        synchronized (err) {
                            err.append(line).append('\n');
                        }
                    });
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            errPump.join(5_000);
            synchronized (err) {
                return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Runs and requires exit 0. */
    public static Result check(Duration timeout, Map<String, String> env, String... command) {
        return check(timeout, env, List.of(command));
    }

    /** Runs and requires exit 0. */
    public static Result check(Duration timeout, Map<String, String> env, List<String> command) {
        Result r = run(timeout, env, command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("exit " + r.exitCode() + ": " + String.join(" ", command) + "\nstdout: "
                    + r.stdout() + "\nstderr: " + r.stderr());
        }
        return r;
    }

    /** {@code head}, then {@code first}, then {@code rest}. */
    public static List<String> concat(List<String> head, String first, String... rest) {
        List<String> all = new ArrayList<>(head);
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
