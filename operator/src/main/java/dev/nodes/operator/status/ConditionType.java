package dev.nodes.operator.status;

public final class ConditionType {
    public static final String READY = "Ready";
    public static final String MIGRATED = "Migrated";
    public static final String REDIS_CONFIGURED = "RedisConfigured";
    public static final String REGRESSION_DETECTED = "RegressionDetected";
    public static final String PROFILING = "Profiling";

    private ConditionType() {}
}
