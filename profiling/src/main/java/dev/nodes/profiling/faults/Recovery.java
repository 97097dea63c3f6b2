package dev.nodes.profiling.faults;

import java.time.Duration;

/**
 * One fault and how the service came through it.
 *
 * @param fault      what was killed
 * @param down       how long it stayed dead
 * @param restart    how long the restart itself took (the process accepting connections again)
 * @param recovery   from the restart's start to the first good answer that needs it (PostgreSQL: a 2xx of a
 *                   request that reads the database; Redis: readiness reports the cache UP, on Redis again;
 *                   the worker: a broadcast created after the restart reaches {@code sent}); null if never
 * @param observed   how the outage showed while it lasted (503 unavailable answers, a DEGRADED cache, a
 *                   broadcast not delivered), in words
 * @param outageSeen whether it showed at all: a fault the service never noticed was not really injected
 */
record Recovery(
        String fault, Duration down, Duration restart, Duration recovery, String observed, boolean outageSeen) {}
