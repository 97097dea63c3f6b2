package dev.nodes.service.profiling.flamegraph;

/**
 * One frame's share of a profile: samples in which it was the leaf (self) and samples in which it was anywhere on
 * the stack (total, counted once per stack even when the frame recurses). Percentages are of all samples.
 */
public record TopFrame(String frame, long selfSamples, double selfPercent, long totalSamples, double totalPercent) {}
