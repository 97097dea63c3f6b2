package dev.nodes.profiling.bench;

import dev.nodes.profiling.Args;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** The options of {@code bench}, parsed and checked; see {@link #USAGE}. */
public record BenchOptions(
        URI target,
        Optional<String> token,
        Optional<byte[]> jwtSecret,
        int concurrency,
        int warmupSeconds,
        int durationSeconds,
        List<String> scenarios,
        int seedNodes,
        Path out,
        Optional<Path> baseline,
        double thresholdPercent,
        OptionalDouble rate) {

    static final String DEFAULT_TARGET = "http://127.0.0.1:8080";
    static final int DEFAULT_SEED_NODES = 6000;
    static final int MIN_SECRET_BYTES = 32;

    public static final String USAGE = """
            usage: bench [options]
              --target URL            service base URL (default http://127.0.0.1:8080); only loopback
                                      (127.0.0.0/8, ::1, localhost) unless --allow-host names the host
              --allow-host HOST       allow this non-loopback host (repeatable)
              --token TOKEN           bearer token used for every request (should be an admin's, to seed)
              --jwt-secret SECRET     mint admin and user tokens with the service's APP_JWT_SECRET
              --jwt-secret-file FILE  the same, read from a file (a mounted Kubernetes Secret); never printed
              --concurrency N         concurrent requests (default 16); in --rate mode the in-flight cap
              --warmup S              warm-up seconds per scenario, not measured (default 5)
              --duration S            measured seconds per scenario (default 20)
              --scenarios a,b,...     scenarios to run (default all): %s
              --seed N                make sure N nodes tagged 'bench' exist, creating the missing ones
                                      (default 6000, more than the default cache cap of 5000; 0 = create none)
              --out FILE              result JSON (default var/api-benchmarks.json)
              --baseline FILE         compare p95 with an earlier result; exit 3 on a regression
              --threshold PERCENT     p95 regression threshold for --baseline (default 20)
              --rate R                open-loop constant rate of R requests/s per scenario (default: closed loop)
            exit codes: 0 done, 1 failed, 2 bad command line, 3 p95 regression against the baseline
            """.formatted(String.join(",", Scenarios.NAMES));

    public static BenchOptions parse(List<String> args) {
        String target = DEFAULT_TARGET;
        Set<String> allowedHosts = new LinkedHashSet<>();
        String token = null;
        String secret = null;
        String secretFile = null;
        int concurrency = 16;
        int warmup = 5;
        int duration = 20;
        List<String> scenarios = Scenarios.NAMES;
        int seed = DEFAULT_SEED_NODES;
        Path out = Path.of("var", "api-benchmarks.json");
        Path baseline = null;
        double threshold = 20.0;
        Double rate = null;

        for (Args.Option pair : Args.pairs(args)) {
            String option = pair.name();
            String value = pair.value();
            switch (option) {
                case "--target" -> target = value;
                case "--allow-host" -> allowedHosts.add(value);
                case "--token" -> token = nonBlank(option, value);
                case "--jwt-secret" -> secret = nonBlank(option, value);
                case "--jwt-secret-file" -> secretFile = nonBlank(option, value);
                case "--concurrency" -> concurrency = integer(option, value, 1, 10_000);
                case "--warmup" -> warmup = integer(option, value, 0, 3_600);
                case "--duration" -> duration = integer(option, value, 1, 86_400);
                case "--scenarios" -> scenarios = scenarioList(value);
                case "--seed" -> seed = integer(option, value, 0, 1_000_000);
                case "--out" -> out = Path.of(nonBlank(option, value));
                case "--baseline" -> baseline = Path.of(nonBlank(option, value));
                case "--threshold" -> threshold = decimal(option, value, 0.0, 1_000_000.0);
                case "--rate" -> rate = decimal(option, value, 0.001, 10_000_000.0);
                default -> throw new UsageException("unknown option: " + option);
            }
        }
        URI checkedTarget = TargetPolicy.check(target, allowedHosts);
        int credentialOptions = (token != null ? 1 : 0) + (secret != null ? 1 : 0) + (secretFile != null ? 1 : 0);
        if (credentialOptions > 1) {
            throw new UsageException("give only one of --token, --jwt-secret, --jwt-secret-file");
        }
        if (credentialOptions == 0 && !scenarios.stream().allMatch(Scenarios::isAnonymous)) {
            throw new UsageException("--token, --jwt-secret or --jwt-secret-file is required for the API scenarios");
        }
        Optional<byte[]> secretBytes = secret != null
                ? Optional.of(secret.getBytes(StandardCharsets.UTF_8))
                : secretFile != null ? Optional.of(readSecret(secretFile)) : Optional.empty();
        if (secretBytes.isPresent() && secretBytes.get().length < MIN_SECRET_BYTES) {
            throw new UsageException(
                    "the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes, as the service requires");
        }
        return new BenchOptions(
                checkedTarget,
                Optional.ofNullable(token),
                secretBytes,
                concurrency,
                warmup,
                duration,
                scenarios,
                seed,
                out,
                Optional.ofNullable(baseline),
                threshold,
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate));
    }

    /** The file's content without surrounding whitespace (a trailing newline is common in Secret files). */
    private static byte[] readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8)
                    .strip()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read --jwt-secret-file " + file + ": " + e.getMessage());
        }
    }

    private static List<String> scenarioList(String value) {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!Scenarios.NAMES.contains(name)) {
                throw new UsageException(
                        "unknown scenario '" + name + "'; known: " + String.join(",", Scenarios.NAMES));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new UsageException("--scenarios names no scenario");
        }
        return List.copyOf(names);
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return value;
    }

    private static int integer(String option, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ": " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number: " + value);
        }
    }

    private static double decimal(String option, String value, double min, double max) {
        try {
            double parsed = Double.parseDouble(value.strip());
            if (!(parsed >= min && parsed <= max)) {
                throw new UsageException(option + " must be between " + min + " and " + max + ": " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number: " + value);
        }
    }

    @Override
    public String toString() {
        // never print the token or the secret
        return "BenchOptions[target=" + target + ", concurrency=" + concurrency + ", warmup=" + warmupSeconds
                + ", duration=" + durationSeconds + ", scenarios=" + scenarios + ", seed=" + seedNodes + ", out=" + out
                + ", baseline=" + baseline + ", threshold=" + thresholdPercent + ", rate=" + rate + "]";
    }
}
