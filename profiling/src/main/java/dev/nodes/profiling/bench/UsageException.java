package dev.nodes.profiling.bench;

/** A command line that cannot be run as given; the message says why. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
