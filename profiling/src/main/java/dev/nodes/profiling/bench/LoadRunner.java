package dev.nodes.profiling.bench;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario: a warm-up phase whose numbers are dropped, then the measured phase.
 *
 * <p>Closed loop (default): {@code concurrency} virtual threads each send a request as soon as their previous one
 * is answered. A slow response delays the requests that thread would have sent meanwhile (coordinated omission),
 * so the final histogram is corrected with HdrHistogram's {@code copyCorrectedForCoordinatedOmission} using the
 * measured mean interval between two sends of one thread as the expected interval: the same as recording each
 * value with {@code recordValueWithExpectedInterval}, with an interval that is only known at the end.
 *
 * <p>Open loop ({@code --rate R}): request i is due at {@code start + i/R}. {@code concurrency} sender virtual
 * threads take the next request number in turn, wait until it is due, send it and wait for its answer (so at most
 * {@code concurrency} are in flight), and its latency is measured from the intended time, so time spent queued
 * behind a slow server counts. No correction is needed. One dispatcher thread starting a virtual thread per
 * request fell behind by 100-400 ms at 17 000-20 000/s on 2 busy cores, which the latencies then blamed on the
 * server (platform-thread senders were worse still). A server that falls behind is not hidden: nothing is sent
 * after the schedule's end (requests not yet sent then are dropped, not sent late), and the phase lasts until its
 * last response, so {@code throughput_rps} is what was answered, below the rate when the server could not keep up.
 */
final class LoadRunner {
    private static final long TICK_NANOS = 1_000_000_000L;

    private final ApiClient api;
    private final int concurrency;
    private final OptionalDouble rate;
    private final Progress progress;

    /** Receives one line a second while a phase runs. */
    interface Progress {
        void tick(
                String scenario,
                String phase,
                long elapsedSeconds,
                double rps,
                long requests,
                long errors,
                double p99RawMs);
    }

    LoadRunner(ApiClient api, int concurrency, OptionalDouble rate, Progress progress) {
        this.api = api;
        this.concurrency = concurrency;
        this.rate = rate;
        this.progress = progress;
    }

    /** Result of the measured phase: statistics, its length, and the histogram to report (corrected if needed). */
    record Measurement(RunStats stats, long elapsedNanos, Histogram reported, Histogram raw) {
        long requests() {
            return raw.getTotalCount();
        }
    }

    Measurement run(Scenario scenario, Duration warmup, Duration duration) {
        AtomicLong sequence = new AtomicLong();
        if (!warmup.isZero()) {
            runPhase(scenario, "warmup", warmup, sequence);
        }
        PhaseResult measured = runPhase(scenario, "measure", duration, sequence);
        Histogram raw = measured.stats.histogram();
        Histogram reported = raw;
        if (rate.isEmpty() && raw.getTotalCount() > 0) {
            long expectedIntervalMicros = measured.elapsedNanos / 1_000 * concurrency / raw.getTotalCount();
            reported = raw.copyCorrectedForCoordinatedOmission(Math.max(1, expectedIntervalMicros));
        }
        return new Measurement(measured.stats, measured.elapsedNanos, reported, raw);
    }

    private record PhaseResult(RunStats stats, long elapsedNanos) {}

    private PhaseResult runPhase(Scenario scenario, String phase, Duration length, AtomicLong sequence) {
        RunStats stats = new RunStats();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        if (rate.isPresent()) {
            AtomicLong tickets = new AtomicLong();
            for (int i = 0; i < concurrency; i++) {
                executor.execute(() -> sendAtRate(scenario, stats, tickets, start, end, sequence));
            }
        } else {
            for (int i = 0; i < concurrency; i++) {
                executor.execute(() -> {
                    while (System.nanoTime() < end) {
                        BenchRequest request = scenario.request(sequence.getAndIncrement());
                        long sent = System.nanoTime();
                        int status = api.status(request);
                        stats.record(status, System.nanoTime() - sent);
                    }
                });
            }
        }
        executor.shutdown(); // the senders run on; no new tasks
        long nextTick = start + TICK_NANOS;
        long lastTick = start;
        long count = 0;
        long lastCount = 0;
        boolean done = false;
        while (!done) {
            done = awaitDone(executor, Math.max(0, nextTick - System.nanoTime()));
            long now = System.nanoTime();
            if (now >= nextTick) {
                long errors = stats.errors();
                count += stats.drain();
                double seconds = (now - lastTick) / 1e9;
                progress.tick(
                        scenario.name(),
                        phase,
                        Math.round((now - start) / 1e9),
                        (count - lastCount) / seconds,
                        count,
                        errors,
                        stats.histogram().getValueAtPercentile(99) / 1_000.0);
                lastTick = now;
                lastCount = count;
                while (nextTick <= now) {
                    nextTick += TICK_NANOS;
                }
            }
        }
        stats.drain();
        // the phase lasts until its last response (open loop: at least the schedule's length)
        long elapsed = System.nanoTime() - start;
        if (rate.isPresent()) {
            elapsed = Math.max(elapsed, length.toNanos());
        }
        return new PhaseResult(stats, elapsed);
    }

    /** Waits up to the timeout for the phase's requests to end; true when they all have. */
    private static boolean awaitDone(ExecutorService executor, long timeoutNanos) {
        try {
            return executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
            return true;
        }
    }

    /** One sender: takes the next request number, waits until it is due, sends it; until the schedule's end. */
    private void sendAtRate(
            Scenario scenario, RunStats stats, AtomicLong tickets, long start, long end, AtomicLong sequence) {
        double intervalNanos = 1e9 / rate.getAsDouble();
        while (true) {
            long intended = start + (long) (tickets.getAndIncrement() * intervalNanos);
            if (intended >= end) {
                return;
            }
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() >= end) {
                // behind schedule: what is still due after the end is not sent late
                return;
            }
            int status = api.status(scenario.request(sequence.getAndIncrement()));
            stats.record(status, System.nanoTime() - intended);
        }
    }
}
