package dev.nodes.profiling.faults;

import dev.nodes.profiling.Command;
import dev.nodes.profiling.bench.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code faults}: the service's fault suite (issue 12), runnable by anyone with the jar, PostgreSQL's embedded
 * binaries (a Maven dependency) and redis-server: see {@link FaultsOptions#USAGE} and the README.
 */
public final class FaultsCommand implements Command {
    public static final int FAILED = 1;
    public static final int CANNOT_RUN = 3;

    @Override
    public String summary() {
        return "fault suite: kills PostgreSQL, Redis and a broadcast worker under load, fuzzes every route, checks every acknowledged write";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(FaultsOptions.USAGE);
            return 0;
        }
        FaultsOptions options;
        try {
            options = FaultsOptions.parse(args);
        } catch (UsageException e) {
            err.println("faults: " + e.getMessage());
            err.print(FaultsOptions.USAGE);
            return USAGE;
        }
        boolean jsonOnly = options.json().filter("-"::equals).isPresent();
        PrintStream progress = jsonOnly ? err : out;
        Path workDir = null;
        boolean keep = options.workDir().isPresent();
        try {
            workDir = options.workDir().isPresent()
                    ? Files.createDirectories(options.workDir().get())
                    : Files.createTempDirectory("nodes-faults-");
            FaultReport report = new FaultSuite(options, workDir, progress).run();
            if (jsonOnly) {
                out.println(report.json().toPrettyString());
            } else {
                report.print(out);
                if (options.json().isPresent()) {
                    Files.writeString(
                            Path.of(options.json().get()),
                            report.json().toPrettyString() + "\n",
                            StandardCharsets.UTF_8);
                }
            }
            keep |= !report.passed();
            return report.passed() ? 0 : FAILED;
        } catch (IOException | SQLException | RuntimeException e) {
            keep = true;
            err.println("faults: could not run: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return CANNOT_RUN;
        } finally {
            if (workDir != null) {
                if (keep) {
                    progress.println("faults: logs and data kept in " + workDir);
                } else {
                    deleteTree(workDir);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
