package dev.nodes.profiling.profile;

import dev.nodes.profiling.Command;
import dev.nodes.profiling.bench.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code profile}: writes the profiling artefacts of {@code observability.md} ({@code var/profiling/}) in one run
 * on a developer machine with nothing configured (see {@link ProfileOptions#USAGE}).
 */
public final class ProfileCommand implements Command {
    public static final int FAILED = 1;

    @Override
    public String summary() {
        return "flame graphs + logs of the register-view path and the broadcast worker into var/profiling/";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(ProfileOptions.USAGE);
            return 0;
        }
        ProfileOptions options;
        try {
            options = ProfileOptions.parse(args);
        } catch (UsageException e) {
            err.println("profile: " + e.getMessage());
            err.print(ProfileOptions.USAGE);
            return USAGE;
        }
        Path workDir = null;
        boolean keepWorkDir = false;
        try {
            Files.createDirectories(options.outDir());
            workDir = Files.createTempDirectory("nodes-profile-");
            run(options, workDir, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            keepWorkDir = true;
            err.println("profile: failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (workDir != null) {
                err.println("profile: the service's output is kept in " + workDir);
            }
            return FAILED;
        } finally {
            if (workDir != null && !keepWorkDir) {
                deleteTree(workDir);
            }
        }
    }

    private static void run(ProfileOptions options, Path workDir, PrintStream out) throws IOException {
        boolean engagement = options.scenarios().contains(ProfileOptions.ENGAGEMENT);
        boolean worker = options.scenarios().contains(ProfileOptions.WORKER);
        boolean diff = options.scenarios().contains(ProfileOptions.ENGAGEMENT_DIFF);
        if (diff && options.target().isPresent()) {
            throw new IOException(
                    "--scenario " + ProfileOptions.ENGAGEMENT_DIFF + " starts its own services: no --target");
        }
        if (options.target().isPresent()) {
            Optional<ProfileDatabase> database = options.database().map(ProfileDatabase::given);
            try {
                if (engagement) {
                    EngagementProfile.run(
                            options,
                            new EngagementProfile.Service(
                                    options.target().get(),
                                    options.jwtSecret().orElseThrow(),
                                    "the running service at " + options.target().get(),
                                    Optional.empty()),
                            out);
                }
                if (worker) {
                    WorkerProfile.runAgainstTarget(
                            options, options.target().get(), options.jwtSecret().orElseThrow(), database, out);
                }
            } finally {
                database.ifPresent(ProfileDatabase::close);
            }
            return;
        }
        out.println("profile: starting PostgreSQL" + (options.database().isPresent() ? "" : " (embedded)"));
        try (ProfileDatabase database = options.database()
                .map(ProfileDatabase::given)
                .orElseGet(() -> ProfileDatabase.embedded(workDir.resolve("pgdata")))) {
            if (engagement) {
                profileEngagementInChildJvm(options, database, workDir, out);
            }
            if (worker) {
                WorkerProfile.runInProcess(options, database, workDir, out);
            }
            if (diff) {
                EngagementDiffProfile.run(options, database, workDir, out);
            }
        }
    }

    private static void profileEngagementInChildJvm(
            ProfileOptions options, ProfileDatabase database, Path workDir, PrintStream out) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        try (ServiceProcess service = ServiceProcess.start(
                database.coordinates(), secret, Map.of(), workDir.resolve("service-engagement.log"), out)) {
            String description =
                    "started by the tool in a JVM of its own (" + String.join(" ", ServiceProcess.JVM_OPTIONS)
                            + "; default settings, in-memory node cache), " + database.describe();
            EngagementProfile.run(
                    options,
                    new EngagementProfile.Service(
                            service.target(),
                            secret.getBytes(StandardCharsets.UTF_8),
                            description,
                            Optional.of(service)),
                    out);
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
