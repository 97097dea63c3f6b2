package dev.nodes.service.profiling;

import dev.nodes.service.profiling.flamegraph.DiffSummary;
import java.util.UUID;

/** The JSON answer of {@code GET .../captures/{id}/diff?baseline=...&format=json}: which captures, and how they differ. */
public record CaptureDiff(UUID capture, UUID baseline, String event, DiffSummary summary) {}
