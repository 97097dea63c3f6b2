package dev.nodes.profiling.faults;

import dev.nodes.profiling.Args;
import dev.nodes.profiling.bench.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The options of {@code faults}, parsed and checked; see {@link #USAGE}. {@code --scale} sets every figure at
 * once (small: the README's test command, under about 90 s on two cores; full: about two minutes); an explicit option
 * overrides its part of it.
 */
record FaultsOptions(
        String scale,
        double rate,
        Duration outage,
        Duration settle,
        int fuzzRequests,
        int nodes,
        long seed,
        Optional<String> json,
        Optional<Path> workDir) {

    static final String USAGE = """
            usage: faults [options]
              --scale small|full      every figure below at once (default small: about a minute; full: about two)
              --rate R                the steady load, requests/s, open loop (small 30, full 60)
              --outage-seconds S      how long each backend stays dead (small 3, full 8)
              --settle-seconds S      steady load before, between and after the faults (small 3, full 8)
              --fuzz-requests N       about how many fuzz requests over all operations (small 300, full 1200)
              --nodes N               nodes seeded before the load (small 20, full 200)
              --seed N                the fuzzer's random seed: the same seed, the same mutations (default 12)
              --json FILE             also write the figures as JSON to FILE ('-': print JSON instead of text)
              --work-dir DIR          where the databases and logs go (default a temporary directory, removed
                                      after a clean run and kept after a failed one)
            starts PostgreSQL, Redis, the service and a broadcast worker of its own on spare loopback ports
            exit codes: 0 clean, 1 unexpected 5xx, lost or duplicated writes, or a phase that did not happen,
                        2 bad command line, 3 the suite could not run (a backend missing, say)
            """;

    static FaultsOptions parse(List<String> args) {
        List<Args.Option> options = Args.pairs(args);
        String scale = "small";
        for (Args.Option option : options) {
            if (option.name().equals("--scale")) {
                scale = Args.oneOf(option, Set.of("small", "full"));
            }
        }
        boolean full = scale.equals("full");
        double rate = full ? 60 : 30;
        int outage = full ? 8 : 3;
        int settle = full ? 8 : 3;
        int fuzz = full ? 1200 : 300;
        int nodes = full ? 200 : 20;
        long seed = 12;
        String json = null;
        Path workDir = null;
        for (Args.Option option : options) {
            switch (option.name()) {
                case "--scale" -> {}
                case "--rate" -> rate = Args.decimal(option, 1, 2000);
                case "--outage-seconds" -> outage = Args.integer(option, 1, 600);
                case "--settle-seconds" -> settle = Args.integer(option, 1, 600);
                case "--fuzz-requests" -> fuzz = Args.integer(option, 0, 1_000_000);
                case "--nodes" -> nodes = Args.integer(option, 1, 100_000);
                case "--seed" -> seed = Args.integer(option, 0, Integer.MAX_VALUE);
                case "--json" -> json = Args.nonBlank(option);
                case "--work-dir" -> workDir = Path.of(Args.nonBlank(option));
                default -> throw new UsageException("unknown option: " + option.name());
            }
        }
        return new FaultsOptions(
                scale,
                rate,
                Duration.ofSeconds(outage),
                Duration.ofSeconds(settle),
                fuzz,
                nodes,
                seed,
                Optional.ofNullable(json),
                Optional.ofNullable(workDir));
    }

    /** The command line that repeats this run (what the report prints). */
    String commandLine() {
        return "faults --scale " + scale + " --rate " + (rate == Math.rint(rate) ? String.valueOf((long) rate) : rate)
                + " --outage-seconds " + outage.toSeconds() + " --settle-seconds " + settle.toSeconds()
                + " --fuzz-requests " + fuzzRequests + " --nodes " + nodes + " --seed " + seed;
    }
}
