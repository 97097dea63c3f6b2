package dev.nodes.operator.redis;

/**
 * Redis settings the operator manages.
 *
 * @param maxmemoryPolicy   Redis's spelling, e.g. allkeys-lru
 * @param maxmemoryBytes    null: not managed (left as Redis has it)
 */
public record RedisConfig(String maxmemoryPolicy, Long maxmemoryBytes) {}
