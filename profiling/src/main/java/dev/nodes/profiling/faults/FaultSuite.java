package dev.nodes.profiling.faults;

import dev.nodes.profiling.bench.Credentials;
import dev.nodes.profiling.bench.Fixtures;
import dev.nodes.profiling.bench.Seeder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of the fault suite, phase by phase: start the stack, seed nodes, put the steady load on and kill each
 * backend under it ({@link Outages}), stop the load, fuzz every route ({@link Fuzzer}), let the worker finish the
 * broadcasts, check the ledger against PostgreSQL ({@link LedgerCheck}).
 */
final class FaultSuite {
    private static final Duration BROADCAST_DEADLINE = Duration.ofSeconds(60);

    private final FaultsOptions options;
    private final Path workDir;
    private final PrintStream out;

    FaultSuite(FaultsOptions options, Path workDir, PrintStream out) {
        this.options = options;
        this.workDir = workDir;
        this.out = out;
    }

    FaultReport run() throws IOException, SQLException {
        long start = System.nanoTime();
        String run = HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextInt())
                .substring(0, 6);
        try (FaultStack stack = FaultStack.start(workDir, out);
                FaultHttp http = new FaultHttp(stack.service().target())) {
            Credentials credentials = Credentials.minted(stack.secret(), Duration.ofHours(6));
            Fixtures fixtures = Seeder.seedNodes(http.target(), credentials, options.nodes(), out);

            out.printf(
                    "faults: steady load at %s requests/s; each backend killed for %d s%n",
                    options.rate(), options.outage().toSeconds());
            Tally loadTally = new Tally(true);
            Ledger ledger = new Ledger();
            MixedLoad load = new MixedLoad(http, loadTally, ledger, fixtures, run, options.rate());
            List<Recovery> recoveries;
            try (load) {
                load.start();
                recoveries = new Outages(
                                stack,
                                http,
                                loadTally,
                                load,
                                credentials.admin().token(),
                                credentials.users().getFirst().token(),
                                options.outage(),
                                out)
                        .run(options.settle());
            }

            Tally fuzzTally = new Tally(false);
            Fuzzer.Result fuzz =
                    new Fuzzer(http, fuzzTally, stack.secret(), run, options.seed(), out).run(options.fuzzRequests());

            out.println("faults: checking the ledger against PostgreSQL");
            LedgerCheck.awaitBroadcasts(stack.database(), ledger, BROADCAST_DEADLINE);
            LedgerCheck.Findings findings = new LedgerCheck(stack.database()).check(ledger);
            return new FaultReport(
                    options.commandLine(),
                    Duration.ofNanos(System.nanoTime() - start),
                    loadTally,
                    load.late(),
                    recoveries,
                    fuzzTally,
                    fuzz,
                    ledger,
                    findings);
        }
    }
}
