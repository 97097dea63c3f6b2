package dev.nodes.operator.resource;

import java.util.Map;

public class Reading {
    public String at;
    public Map<String, Double> p95Millis;
    public Double cacheHitRatio;
    public Double redisMemoryRatio;
}
