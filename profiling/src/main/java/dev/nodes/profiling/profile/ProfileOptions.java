package dev.nodes.profiling.profile;

import dev.nodes.profiling.Args;
import dev.nodes.profiling.JwtSecret;
import dev.nodes.profiling.Main;
import dev.nodes.profiling.bench.BenchEngine;
import dev.nodes.profiling.bench.UsageException;
import dev.nodes.service.db.DatabaseCoordinates;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The options of {@code profile}; see {@link #USAGE}. Secrets are kept out of {@link #toString()} and the logs. */
record ProfileOptions(
        List<String> scenarios,
        int seconds,
        Path outDir,
        Optional<URI> target,
        Optional<byte[]> jwtSecret,
        Optional<String> jwtSecretFile,
        Optional<DatabaseCoordinates> database,
        int users,
        int seedNodes,
        int concurrency,
        int warmupSeconds) {

    static final String ENGAGEMENT = "engagement";
    static final String WORKER = "notifications-worker";
    /** Not in "all": two more service starts and two captures, for the committed example of a regression. */
    static final String ENGAGEMENT_DIFF = "engagement-diff";

    static final List<String> ALL = List.of(ENGAGEMENT, WORKER);

    static final String USAGE = """
            usage: profile [options]
              Writes <out-dir>/nodes-engagement.svg + .log (POST /v1/nodes/{ref}/views under load, captured through
              the admin API) and <out-dir>/notifications-worker.svg + .log (the broadcast worker delivering an
              all_users broadcast). With no --target it starts everything itself: PostgreSQL (embedded, in a
              temporary directory, unless --db-url), the service in a JVM of its own for the engagement profile
              (so the load generator is not in its profile) and in this JVM for the worker profile.
              --scenario S            engagement, notifications-worker or all (default all), or
                                      engagement-diff: the engagement path with the default node cache and with
                                      one of a single entry, and the service's differential flame graph
              --seconds N             capture length (default 20, at most 120); the worker's capture ends earlier
                                      when its broadcast is delivered
              --out-dir DIR           default var/profiling
              --target URL            profile a running service instead (loopback only, as bench); needs
              --jwt-secret S | --jwt-secret-file F   its APP_JWT_SECRET (never printed)
              --db-url URL --db-user U --db-password P
                                      PostgreSQL for the started service; with --target only used to seed the
                                      worker's users (without it the broadcast goes to the users already there)
              --users N               all_users audience of the worker's broadcast (default 200000; users are
                                      added with SQL up to N)
              --seed N                bench nodes for the engagement load (default 1000)
              --concurrency N         closed-loop senders of the engagement load (default 8)
              --warmup S              engagement load before the capture (default 15: a fresh JVM is still
                                      JIT-compiling the path, which the profile would show)
            exit codes: 0 done, 1 failed, 2 bad command line
            """;

    static ProfileOptions parse(List<String> args) {
        List<String> scenarios = ALL;
        int seconds = 20;
        Path outDir = Path.of("var", "profiling");
        String target = null;
        byte[] secret = null;
        String secretFile = null;
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = null;
        int users = 200_000;
        int seed = 1000;
        int concurrency = 8;
        int warmup = 15;
        for (Args.Option option : Args.pairs(args)) {
            switch (option.name()) {
                case "--scenario" -> {
                    String s = Args.oneOf(option, Set.of(ENGAGEMENT, WORKER, ENGAGEMENT_DIFF, "all"));
                    scenarios = s.equals("all") ? ALL : List.of(s);
                }
                case "--seconds" -> seconds = Args.integer(option, 1, 120);
                case "--out-dir" -> outDir = Path.of(Args.nonBlank(option));
                case "--target" -> target = Args.nonBlank(option);
                case "--jwt-secret" -> secret = JwtSecret.of("--jwt-secret", Args.nonBlank(option));
                case "--jwt-secret-file" -> {
                    secretFile = Args.nonBlank(option);
                    secret = JwtSecret.fromFile("--jwt-secret-file", secretFile);
                }
                case "--db-url" -> dbUrl = Args.nonBlank(option);
                case "--db-user" -> dbUser = option.value();
                case "--db-password" -> dbPassword = option.value();
                case "--users" -> users = Args.integer(option, 1, 2_000_000);
                case "--seed" -> seed = Args.integer(option, 20, 100_000);
                case "--concurrency" -> concurrency = Args.integer(option, 1, 1_000);
                case "--warmup" -> warmup = Args.integer(option, 0, 600);
                default -> throw new UsageException("unknown option: " + option.name());
            }
        }
        if (target != null && secret == null) {
            throw new UsageException("--target needs --jwt-secret or --jwt-secret-file (the service's APP_JWT_SECRET)");
        }
        if (target == null && secret != null) {
            throw new UsageException("--jwt-secret and --jwt-secret-file go with --target; the service the tool starts"
                    + " gets a secret of its own");
        }
        if (dbUrl == null && (dbUser != null || dbPassword != null)) {
            throw new UsageException("--db-user and --db-password go with --db-url");
        }
        Optional<DatabaseCoordinates> database = dbUrl == null
                ? Optional.empty()
                : Optional.of(new DatabaseCoordinates(
                        dbUrl, dbUser == null ? "" : dbUser, dbPassword == null ? "" : dbPassword));
        return new ProfileOptions(
                scenarios,
                seconds,
                outDir,
                Optional.ofNullable(target).map(BenchEngine::loopbackTarget),
                Optional.ofNullable(secret),
                Optional.ofNullable(secretFile),
                database,
                users,
                seed,
                concurrency,
                warmup);
    }

    /**
     * The command line that produces one scenario's artefacts again: every setting spelled out, secrets replaced
     * by what to put there.
     */
    String reproduce(String scenario) {
        List<String> parts = new ArrayList<>(List.of(
                "java", "-jar", jarPath(), "profile", "--scenario", scenario, "--seconds", String.valueOf(seconds)));
        if (scenario.equals(ENGAGEMENT) || scenario.equals(ENGAGEMENT_DIFF)) {
            parts.addAll(List.of(
                    "--warmup",
                    String.valueOf(warmupSeconds),
                    "--concurrency",
                    String.valueOf(concurrency),
                    "--seed",
                    String.valueOf(seedNodes)));
        } else {
            parts.addAll(List.of("--users", String.valueOf(users)));
        }
        parts.addAll(List.of("--out-dir", outDir.toString()));
        target.ifPresent(t -> {
            parts.addAll(List.of("--target", t.toString()));
            if (jwtSecretFile.isPresent()) {
                parts.addAll(List.of("--jwt-secret-file", jwtSecretFile.get()));
            } else {
                parts.addAll(List.of("--jwt-secret", "\"$APP_JWT_SECRET\""));
            }
        });
        database.ifPresent(db -> {
            parts.addAll(List.of("--db-url", db.url()));
            if (!db.user().isEmpty()) {
                parts.addAll(List.of("--db-user", db.user()));
            }
            if (!db.password().isEmpty()) {
                parts.addAll(List.of("--db-password", "\"$DB_PASSWORD\""));
            }
        });
        return String.join(" ", parts);
    }

    /** This tool's jar relative to the working directory, or where the build puts it. */
    private static String jarPath() {
        try {
            Path location = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (location.toString().endsWith(".jar")) {
                Path cwd = Path.of("").toAbsolutePath();
                return location.startsWith(cwd) ? cwd.relativize(location).toString() : location.toString();
            }
        } catch (Exception e) {
            // fall through to the build's path
        }
        return "profiling/target/nodes-profiling-0.1.0-SNAPSHOT.jar";
    }

    @Override
    public String toString() {
        return "ProfileOptions[scenarios=" + scenarios + ", seconds=" + seconds + ", outDir=" + outDir + ", target="
                + target + ", database=" + database + ", users=" + users + ", seed=" + seedNodes + ", concurrency="
                + concurrency + ", warmup=" + warmupSeconds + "]";
    }
}
