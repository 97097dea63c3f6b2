package dev.nodes.operator.resource;

public enum Phase {
    Pending,
    Migrating,
    Ready,
    Degraded,
    Paused,
    Failed
}
