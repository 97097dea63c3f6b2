package dev.nodes.profiling.bench;

/** Seeding could not get what the benchmark needs (the nodes API refused or failed). */
final class SeedException extends RuntimeException {
    SeedException(String message) {
        super(message);
    }
}
