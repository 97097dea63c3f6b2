package dev.nodes.service.health;

/** Where the node cache lives now, and whether that is a fallback (Redis configured but unreachable). */
public record CacheHealth(String backend, boolean degraded) {}
