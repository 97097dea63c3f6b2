package dev.nodes.profiling.job;

import dev.nodes.contracts.ProfileJobContract;
import dev.nodes.profiling.Args;
import dev.nodes.profiling.bench.BenchEngine;
import dev.nodes.profiling.bench.UsageException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The options of {@code profile-job}; see {@link #USAGE}. The first five are the operator's contract
 * (docs/operator.md); the others have defaults that suit a Job.
 */
record ProfileJobOptions(
        URI target,
        String jwtSecretFile,
        int seconds,
        String mode,
        String reason,
        Optional<Path> baseline,
        double thresholdPercent,
        Optional<Path> out,
        Path terminationLog,
        int warmupSeconds,
        int concurrency,
        int seedNodes,
        String event,
        Optional<UUID> baselineCapture) {

    static final String PROFILE = ProfileJobContract.MODE_PROFILE;
    static final String BENCHMARK = ProfileJobContract.MODE_BENCHMARK;
    /** The same load and capture as profile, taken once per rollout as the known good profile. */
    static final String BASELINE = ProfileJobContract.MODE_BASELINE;

    static final Path DEFAULT_TERMINATION_LOG = Path.of("/dev/termination-log");

    static final String USAGE = """
            usage: profile-job --target URL --jwt-secret-file FILE [options]
              (what the operator's profiling Job runs inside the service image; writes one JSON line to the
               termination log: {"result":"ok|regressed|failed","capture_id":...,"summary":...})
              --target URL            the service, e.g. http://nodes.demo.svc:8080 (any host: the Job runs in the
                                      cluster; bench and profile stay loopback-only)
              --jwt-secret-file FILE  the service's APP_JWT_SECRET (a mounted Secret); the admin token is minted
                                      from it inside and never printed
              --seconds N             measured benchmark seconds and capture length (default 30; a capture is
                                      at most 120 s)
              --mode M                profile (benchmark + capture, default), baseline (the same, taken as a
                                      rollout's known good profile) or benchmark (no capture)
              --baseline-capture ID   profile mode: the rollout's baseline capture; the termination log then
                                      names the frames whose share grew most against it (the service's
                                      /diff); without it, or when it cannot be compared, the job still
                                      profiles and says so
              --reason TEXT           why the Job runs (printed, and stored with the capture)
              --baseline FILE         an earlier profile-job's --out file to compare p95 with: result regressed
                                      when a scenario is more than --threshold percent slower (default 20).
                                      Not a bench result: bench runs one scenario at a time, this job all of
                                      them at once, and those p95s are not comparable
              --out FILE              also write the results in the api-benchmarks.json format
              --termination-log FILE  default /dev/termination-log
              --warmup S              unmeasured load before (default min(N, 10))
              --concurrency N         closed-loop senders per scenario (default 2)
              --seed N                bench nodes to make sure exist (default 200; notifications go only to the
                                      bench users; no moderation cases are created)
              --event E               cpu (default), wall or alloc
            exit codes: 0 ok or regressed, 1 failed (the termination log says why)
            """;

    /** Where to write the result even when the rest of the command line is wrong. */
    static Path terminationLogOf(List<String> args) {
        try {
            return Args.pairs(args).stream()
                    .filter(o -> o.name().equals("--termination-log"))
                    .map(o -> Path.of(o.value()))
                    .reduce((a, b) -> b)
                    .orElse(DEFAULT_TERMINATION_LOG);
        } catch (RuntimeException e) {
            return DEFAULT_TERMINATION_LOG;
        }
    }

    static ProfileJobOptions parse(List<String> args) {
        String target = null;
        String secretFile = null;
        int seconds = 30;
        String mode = PROFILE;
        String reason = "";
        Path baseline = null;
        double threshold = 20.0;
        Path out = null;
        Path terminationLog = DEFAULT_TERMINATION_LOG;
        Integer warmup = null;
        int concurrency = 2;
        int seed = 200;
        String event = "cpu";
        UUID baselineCapture = null;
        for (Args.Option option : Args.pairs(args)) {
            switch (option.name()) {
                case ProfileJobContract.OPTION_TARGET -> target = Args.nonBlank(option);
                case ProfileJobContract.OPTION_JWT_SECRET_FILE -> secretFile = Args.nonBlank(option);
                case ProfileJobContract.OPTION_SECONDS -> seconds = Args.integer(option, 1, 3_600);
                case ProfileJobContract.OPTION_MODE -> mode = Args.oneOf(option, Set.of(PROFILE, BASELINE, BENCHMARK));
                case ProfileJobContract.OPTION_BASELINE_CAPTURE -> baselineCapture = uuid(option);
                case ProfileJobContract.OPTION_REASON -> reason = option.value().strip();
                case "--baseline" -> baseline = Path.of(Args.nonBlank(option));
                case "--threshold" -> threshold = Args.decimal(option, 0.0, 1_000_000.0);
                case "--out" -> out = Path.of(Args.nonBlank(option));
                case "--termination-log" -> terminationLog = Path.of(Args.nonBlank(option));
                case "--warmup" -> warmup = Args.integer(option, 0, 600);
                case "--concurrency" -> concurrency = Args.integer(option, 1, 256);
                case "--seed" -> seed = Args.integer(option, 20, 100_000);
                case "--event" -> event = Args.oneOf(option, Set.of("cpu", "wall", "alloc"));
                default -> throw new UsageException("unknown option: " + option.name());
            }
        }
        if (target == null) {
            throw new UsageException("--target is required");
        }
        if (secretFile == null) {
            throw new UsageException("--jwt-secret-file is required");
        }
        return new ProfileJobOptions(
                BenchEngine.inClusterTarget(target),
                secretFile,
                seconds,
                mode,
                reason,
                Optional.ofNullable(baseline),
                threshold,
                Optional.ofNullable(out),
                terminationLog,
                warmup != null ? warmup : Math.min(seconds, 10),
                concurrency,
                seed,
                event,
                Optional.ofNullable(baselineCapture));
    }

    private static UUID uuid(Args.Option option) {
        try {
            return UUID.fromString(Args.nonBlank(option));
        } catch (IllegalArgumentException e) {
            throw new UsageException(option.name() + " takes a capture id (a UUID), not " + option.value());
        }
    }

    /** Whether this run takes a capture: profile and baseline do. */
    boolean profiling() {
        return mode.equals(PROFILE) || mode.equals(BASELINE);
    }

    /** Whether this run compares its capture with a baseline's. */
    boolean comparesWithBaseline() {
        return mode.equals(PROFILE);
    }
}
