package dev.nodes.profiling.faults;

/** The suite's pauses: the paced outages and the polls of a condition with a deadline. */
final class Waits {
    private Waits() {}

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
