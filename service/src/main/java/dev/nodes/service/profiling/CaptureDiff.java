package dev.nodes.service.profiling;

import java.util.UUID;

import dev.nodes.service.profiling.flamegraph.DiffSummary;

/** The JSON answer of {@code GET .../captures/{id}/diff?baseline=...&format=json}: which captures, and how they differ. */
public record CaptureDiff(UUID capture, UUID baseline, String event, DiffSummary summary) {
}
