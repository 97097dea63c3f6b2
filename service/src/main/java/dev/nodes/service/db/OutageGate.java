package dev.nodes.service.db;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Fail fast while PostgreSQL is known to be down. After a connection attempt failed with an outage, requests are
 * refused at once instead of each waiting out the pool's timeout; one request per probe interval still tries for
 * real, and the first success (or a connection the pool managed to open) lifts the gate.
 */
final class OutageGate {
    private final LongSupplier nanoTime;
    private final long probeEveryNanos;
    private final AtomicLong lastAttempt = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean down;

    OutageGate(Duration probeEvery, LongSupplier nanoTime) {
        this.probeEveryNanos = probeEvery.toNanos();
        this.nanoTime = nanoTime;
    }

    /** True when this request should not wait for a connection: the database is down and another probes it. */
    boolean refuse() {
        if (!down) {
            return false;
        }
        long now = nanoTime.getAsLong();
        long last = lastAttempt.get();
        if (now - last >= probeEveryNanos && lastAttempt.compareAndSet(last, now)) {
            return false; // this request is the probe
        }
        refused.incrementAndGet();
        return true;
    }

    void failed(Throwable e) {
        if (DatabaseFailure.of(e) == DatabaseFailure.OUTAGE) {
            lastAttempt.set(nanoTime.getAsLong());
            down = true;
        }
    }

    void succeeded() {
        down = false;
    }

    boolean isDown() {
        return down;
    }

    /** Requests refused without waiting, since start. */
    long refused() {
        return refused.get();
    }
}
