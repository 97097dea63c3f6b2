package dev.nodes.operator.resource;

import io.fabric8.generator.annotation.Nullable;
import java.util.Map;

/**
 * The first stable window after a rollout: what later windows are compared with. Maps nullable for the reason
 * given in {@link Reading}.
 */
public class Baseline {
    public String capturedAt;
    /** The rollout (pod template) it was captured for; a new rollout's first stable window replaces it. */
    public String rollout;
    /** Route family ("/v1/nodes", "/v1/notifications") to p95 latency in milliseconds. */
    @Nullable
    public Map<String, Double> p95Millis;
    /** Route family to the requests the p95 was computed from. */
    @Nullable
    public Map<String, Long> requests;
    /** The profiling Job (baseline mode) that takes this rollout's baseline capture, once started. */
    public String captureJob;
    /** The capture a regression's profile is compared with, once that Job has finished with one. */
    public String captureId;
    /**
     * The newest capture of an earlier rollout, carried over when this rollout's baseline replaced it: a regression
     * that the rollout itself brought (a new image, a new setting) is compared with the last known good profile
     * until this rollout has a capture of its own.
     */
    public String previousCaptureId;
}
