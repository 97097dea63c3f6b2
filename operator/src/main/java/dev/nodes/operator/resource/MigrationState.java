package dev.nodes.operator.resource;

public enum MigrationState {
    Running,
    Succeeded,
    Failed
}
