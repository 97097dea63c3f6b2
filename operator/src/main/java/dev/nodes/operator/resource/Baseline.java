package dev.nodes.operator.resource;

import java.util.Map;

/** The first stable window after a rollout: what later windows are compared with. */
public class Baseline {
    public String capturedAt;
    /** The rollout (pod template) it was captured for; a new rollout's first stable window replaces it. */
    public String rollout;
    /** Route family ("/v1/nodes", "/v1/notifications") to p95 latency in milliseconds. */
    public Map<String, Double> p95Millis;
    /** Route family to the requests the p95 was computed from. */
    public Map<String, Long> requests;
}
