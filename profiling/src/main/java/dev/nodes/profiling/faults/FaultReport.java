package dev.nodes.profiling.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one run, for people ({@link #print}) and machines ({@link #json}). The run passes when no
 * answer was an unexpected 5xx (or no answer at all), no acknowledged write is lost or doubled, and every phase
 * really happened: PostgreSQL's outage showed as 503 {@code unavailable}, each backend was seen down and
 * recovered, and the fuzz sent its requests.
 */
record FaultReport(
        String commandLine,
        Duration elapsed,
        Tally load,
        long late,
        List<Recovery> recoveries,
        Tally fuzz,
        Fuzzer.Result fuzzResult,
        Ledger ledger,
        LedgerCheck.Findings findings) {

    long sent() {
        return load.sent() + fuzz.sent();
    }

    long unexpected5xx() {
        return load.unexpected() + fuzz.unexpected();
    }

    Map<Integer, Long> byStatus() {
        Map<Integer, Long> all = new TreeMap<>(load.byStatus());
        fuzz.byStatus().forEach((status, n) -> all.merge(status, n, Long::sum));
        return all;
    }

    long unavailableDuringPostgresOutage() {
        return load.unavailableDuring("postgres down")
                + load.unavailableDuring("postgres restarting")
                + load.unavailableDuring("postgres recovering");
    }

    /** The phases that did not really happen, in words; empty when all did. */
    List<String> missingPhases() {
        List<String> missing = new ArrayList<>();
        if (unavailableDuringPostgresOutage() == 0) {
            missing.add("no 503 unavailable answer while PostgreSQL was down");
        }
        for (Recovery r : recoveries) {
            if (!r.outageSeen()) {
                missing.add(r.fault() + ": the outage did not show (" + r.observed() + ")");
            }
            if (r.recovery() == null) {
                missing.add(r.fault() + ": never recovered");
            }
        }
        if (fuzz.sent() == 0) {
            missing.add("no fuzz request sent");
        }
        return missing;
    }

    boolean passed() {
        return unexpected5xx() == 0
                && findings.lost() == 0
                && findings.duplicates() == 0
                && missingPhases().isEmpty();
    }

    void print(PrintStream out) {
        out.println();
        out.println("fault suite: " + commandLine + " (" + elapsed.toSeconds() + " s)");
        out.printf("  requests sent          %d (steady load %d, fuzz %d)%n", sent(), load.sent(), fuzz.sent());
        out.printf(
                "  answers by status      %s%n",
                byStatus().entrySet().stream()
                        .map(e -> (e.getKey() == FaultHttp.NO_ANSWER ? "no answer" : e.getKey()) + ": " + e.getValue())
                        .collect(Collectors.joining(", ")));
        out.printf(
                "  503 during faults      %s (the correct answer while a backend is down or the service is busy)%n",
                load.expected503().isEmpty()
                        ? "none"
                        : load.expected503().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .collect(Collectors.joining(", ")));
        if (!load.unavailableLatency().isEmpty()) {
            List<Long> l = load.unavailableLatency();
            out.printf(
                    "  503 unavailable took   median %d ms, p99 %d ms, slowest %d ms (one request per probe interval"
                            + " waits for a real connection attempt)%n",
                    l.get(0), l.get(1), l.get(2));
        }
        out.printf(
                "  unexpected 5xx         %d (must be 0: a 500, another 5xx, a 503 of another code, no answer)%n",
                unexpected5xx());
        out.printf(
                "  acknowledged writes    %d in the ledger (%d nodes created, %d updated, %d views counted, %d likes,"
                        + " %d sends, %d broadcasts); %d checks against PostgreSQL%n",
                ledger.size(),
                ledger.createdNodes().size(),
                ledger.updatedVersions().size(),
                ledger.countedViews().size(),
                ledger.likes().size(),
                ledger.eventIds().size(),
                ledger.broadcasts().size(),
                findings.checked());
        out.printf("  writes lost            %d (must be 0)%n", findings.lost());
        out.printf("  duplicates             %d (must be 0)%n", findings.duplicates());
        out.println("  time to recover        (from the start of the restart to the first good answer that needs it)");
        for (Recovery r : recoveries) {
            out.printf(
                    "    %-20s %s (down %d s, restart %d ms); %s%n",
                    r.fault(),
                    r.recovery() == null ? "NEVER" : r.recovery().toMillis() + " ms",
                    r.down().toSeconds(),
                    r.restart().toMillis(),
                    r.observed());
        }
        out.printf(
                "  fuzz                   %d operations of the OpenAPI file, %d requests, %d of %d baselines 2xx; %s%n",
                fuzzResult.operations(),
                fuzz.sent(),
                fuzzResult.baselinesOk(),
                fuzzResult.baselines(),
                fuzzResult.byKind().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        if (!fuzzResult.baselinesNotOk().isEmpty()) {
            out.printf("  fuzz baselines not 2xx %s%n", String.join("; ", fuzzResult.baselinesNotOk()));
        }
        if (late > 0) {
            out.printf(
                    "  load                   %d requests waited for one of the %d in flight (the open loop closed)%n",
                    late, MixedLoad.IN_FLIGHT);
        }
        List<String> examples = new ArrayList<>(load.examples());
        examples.addAll(fuzz.examples());
        examples.forEach(e -> out.println("  UNEXPECTED " + e));
        findings.problems().forEach(p -> out.println("  PROBLEM " + p));
        missingPhases().forEach(p -> out.println("  PHASE MISSING " + p));
        out.println("  verdict                " + (passed() ? "PASS" : "FAIL"));
    }

    ObjectNode json() {
        ObjectNode root = FaultHttp.JSON.createObjectNode();
        root.put("command", commandLine)
                .put("elapsed_seconds", elapsed.toMillis() / 1000.0)
                .put("passed", passed());
        root.put("requests_sent", sent()).put("load_requests", load.sent()).put("fuzz_requests", fuzz.sent());
        ObjectNode statuses = root.putObject("answers_by_status");
        byStatus().forEach((status, n) -> statuses.put(String.valueOf(status), n));
        ObjectNode expected = root.putObject("expected_503");
        load.expected503().forEach(expected::put);
        root.put("unavailable_during_postgres_outage", unavailableDuringPostgresOutage());
        ArrayNode latency = root.putArray("unavailable_ms_median_p99_max");
        load.unavailableLatency().forEach(latency::add);
        root.put("unexpected_5xx", unexpected5xx());
        root.put("acknowledged_writes", ledger.size()).put("checks", findings.checked());
        root.put("lost", findings.lost()).put("duplicates", findings.duplicates());
        ArrayNode recovered = root.putArray("recoveries");
        for (Recovery r : recoveries) {
            ObjectNode item = recovered
                    .addObject()
                    .put("fault", r.fault())
                    .put("down_ms", r.down().toMillis())
                    .put("restart_ms", r.restart().toMillis())
                    .put("outage_seen", r.outageSeen())
                    .put("observed", r.observed());
            if (r.recovery() == null) {
                item.putNull("recovery_ms");
            } else {
                item.put("recovery_ms", r.recovery().toMillis());
            }
        }
        ObjectNode fuzzed = root.putObject("fuzz")
                .put("operations", fuzzResult.operations())
                .put("baselines_ok", fuzzResult.baselinesOk())
                .put("baselines", fuzzResult.baselines());
        ObjectNode kinds = fuzzed.putObject("by_kind");
        fuzzResult.byKind().forEach(kinds::put);
        ArrayNode notOk = fuzzed.putArray("baselines_not_ok");
        fuzzResult.baselinesNotOk().forEach(notOk::add);
        ArrayNode unexpected = root.putArray("unexpected_examples");
        load.examples().forEach(unexpected::add);
        fuzz.examples().forEach(unexpected::add);
        ArrayNode problems = root.putArray("problems");
        findings.problems().forEach(problems::add);
        ArrayNode missing = root.putArray("missing_phases");
        missingPhases().forEach(missing::add);
        return root;
    }
}
