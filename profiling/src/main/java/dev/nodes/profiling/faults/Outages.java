package dev.nodes.profiling.faults;

import dev.nodes.profiling.faults.FaultHttp.Answer;
import dev.nodes.profiling.faults.FaultHttp.Call;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Kills each backend in turn while the load runs, keeps it dead for the outage, starts it again on the same
 * port (PostgreSQL on the same data directory) and measures the time to recover. Between faults the load runs
 * undisturbed for the settle time, so each recovery is measured from a steady state.
 */
final class Outages {
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 50;

    private final FaultStack stack;
    private final FaultHttp http;
    private final Tally tally;
    private final MixedLoad load;
    private final String adminToken;
    private final String userToken;
    private final Duration outage;
    private final PrintStream out;

    Outages(
            FaultStack stack,
            FaultHttp http,
            Tally tally,
            MixedLoad load,
            String adminToken,
            String userToken,
            Duration outage,
            PrintStream out) {
        this.stack = stack;
        this.http = http;
        this.tally = tally;
        this.load = load;
        this.adminToken = adminToken;
        this.userToken = userToken;
        this.outage = outage;
        this.out = out;
    }

    List<Recovery> run(Duration settle) throws IOException {
        List<Recovery> recoveries = new ArrayList<>();
        pause(settle);
        recoveries.add(postgres());
        pause(settle);
        recoveries.add(redis());
        pause(settle);
        recoveries.add(worker());
        pause(settle);
        return recoveries;
    }

    private Recovery postgres() {
        tally.during("postgres down");
        stack.killPostgres();
        long unavailable = 0;
        long probes = 0;
        long until = System.nanoTime() + outage.toNanos();
        while (System.nanoTime() < until) {
            probes++;
            Answer answer = probe(databaseRead());
            if (answer.status() == 503 && "unavailable".equals(answer.errorCode())) {
                unavailable++;
            }
            Waits.sleep(100);
        }
        tally.during("postgres restarting");
        long restart = System.nanoTime();
        stack.startPostgres();
        Duration restartTook = since(restart);
        tally.during("postgres recovering");
        Duration recovery = awaitOrNull(() -> probe(databaseRead()).ok(), restart);
        tally.during("steady");
        return report(new Recovery(
                "postgres",
                outage,
                restartTook,
                recovery,
                unavailable + " of " + probes + " probe reads answered 503 unavailable while it was down",
                unavailable > 0));
    }

    private Recovery redis() throws IOException {
        tally.during("redis down");
        stack.killRedis();
        boolean degraded = false;
        long until = System.nanoTime() + outage.toNanos();
        while (System.nanoTime() < until) {
            degraded |= "DEGRADED".equals(cacheStatus());
            Waits.sleep(100);
        }
        tally.during("redis restarting");
        long restart = System.nanoTime();
        stack.startRedis();
        Duration restartTook = since(restart);
        tally.during("redis recovering");
        Duration recovery = awaitOrNull(() -> "UP".equals(cacheStatus()), restart);
        tally.during("steady");
        return report(new Recovery(
                "redis",
                outage,
                restartTook,
                recovery,
                degraded
                        ? "readiness reported the cache DEGRADED (the in-memory fallback) while it was down"
                        : "readiness never reported the cache DEGRADED",
                degraded));
    }

    private Recovery worker() throws IOException {
        load.broadcast("in flight when the worker is killed");
        tally.during("worker down");
        stack.killWorker();
        UUID whileDown = load.broadcast("created while the worker is down");
        Waits.sleep(outage.toMillis());
        String statusWhileDown = whileDown == null ? "unknown" : broadcastStatus(whileDown);
        tally.during("worker restarting");
        long restart = System.nanoTime();
        stack.startWorker();
        Duration restartTook = since(restart);
        tally.during("worker recovering");
        UUID after = load.broadcast("created after the worker restart");
        Duration recovery = after == null ? null : awaitOrNull(() -> "sent".equals(broadcastStatus(after)), restart);
        tally.during("steady");
        boolean seen = !"sent".equals(statusWhileDown) && !"unknown".equals(statusWhileDown);
        return report(new Recovery(
                "broadcast worker",
                outage,
                restartTook,
                recovery,
                "a broadcast due while it was down was still " + statusWhileDown + " when it restarted",
                seen));
    }

    /** A request that needs PostgreSQL (an unread count is always read from it). */
    private Call databaseRead() {
        return Call.json("GET", "/v1/notifications/unread-count", userToken, null);
    }

    private Answer probe(Call call) {
        Answer answer = http.send(call);
        tally.record(call, answer);
        return answer;
    }

    private String cacheStatus() {
        Answer answer = probe(Call.json("GET", "/health/ready", null, null));
        var json = answer.json();
        return json == null
                ? ""
                : json.path("checks").path("cache").path("status").asText("");
    }

    private String broadcastStatus(UUID id) {
        Answer answer = probe(Call.json("GET", "/v1/notifications/admin/broadcasts/" + id, adminToken, null));
        var json = answer.ok() ? answer.json() : null;
        return json == null ? "unknown" : json.path("status").asText("unknown");
    }

    private static Duration awaitOrNull(BooleanSupplier condition, long since) {
        long deadline = since + RECOVERY_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return since(since);
            }
            Waits.sleep(POLL_MILLIS);
        }
        return null;
    }

    private Recovery report(Recovery recovery) {
        out.printf(
                "faults: %s back: restart took %d ms, recovered %s after it began; %s%n",
                recovery.fault(),
                recovery.restart().toMillis(),
                recovery.recovery() == null
                        ? "NEVER (within " + RECOVERY_DEADLINE.toSeconds() + " s)"
                        : recovery.recovery().toMillis() + " ms",
                recovery.observed());
        return recovery;
    }

    private static void pause(Duration duration) {
        Waits.sleep(duration.toMillis());
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
