package dev.nodes.profiling.bench;

import java.util.UUID;

/** A caller of the benchmark: its token subject, the user id the service derives from it, and the token. */
public record BenchUser(String subject, UUID id, String token) {
    @Override
    public String toString() {
        return "BenchUser[" + subject + ", " + id + "]";
    }
}
