package dev.nodes.service.workers;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs a piece of housekeeping every interval on its own daemon thread, until closed. The first run waits a random
 * part of the interval (at most {@link #FIRST_RUN_AT_MOST}): a process that just started, or every pod of a rollout
 * at once, takes its first requests before its housekeeping competes with them for database connections.
 */
public final class PeriodicTask implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeriodicTask.class.getName());

    private final String name;
    private final Runnable work;
    private final Duration interval;
    static final Duration FIRST_RUN_AT_MOST = Duration.ofMinutes(2);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private PeriodicTask(String name, Duration interval, Runnable work) {
        this.name = name;
        this.work = work;
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    public static PeriodicTask start(String name, Duration interval, Runnable work) {
        PeriodicTask task = new PeriodicTask(name, interval, work);
        task.thread.start();
        return task;
    }

    private void loop() {
        long firstMillis = Math.min(interval.toMillis(), FIRST_RUN_AT_MOST.toMillis());
        if (awaitStop(Duration.ofMillis(ThreadLocalRandom.current().nextLong(firstMillis / 2, firstMillis + 1)))) {
            return;
        }
        do {
            try {
                work.run();
            } catch (RuntimeException e) {
                // the next run tries again; housekeeping never takes the process down
                LOG.log(System.Logger.Level.WARNING, name + " failed: " + e.getMessage());
            }
        } while (!awaitStop(interval));
    }

    private boolean awaitStop(Duration wait) {
        try {
            return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops after the run in progress, waiting for it at most 30 s. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
