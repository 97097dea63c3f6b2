package dev.nodes.operator.resource;

/** What the operator last read back from Redis. */
public class RedisStatus {
    public String maxmemoryPolicy;
    public String maxmemory;
    public String observedAt;
}
