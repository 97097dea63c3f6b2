package dev.nodes.operator.resource;

import java.util.Map;

public class Baseline {
    public String capturedAt;
    /** Route template to p95 latency in milliseconds. */
    public Map<String, Double> p95Millis;
}
