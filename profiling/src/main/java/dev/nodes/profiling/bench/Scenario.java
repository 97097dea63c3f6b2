package dev.nodes.profiling.bench;

import java.util.function.LongFunction;

/**
 * One benchmark scenario: a route and how to build its n-th request. Requests rotate over the seeded data by the
 * sequence number, which all workers share.
 */
record Scenario(String name, String method, String route, LongFunction<BenchRequest> requests) {

    BenchRequest request(long sequence) {
        return requests.apply(sequence);
    }
}
