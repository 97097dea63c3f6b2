package dev.nodes.operator.resource;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

public class NodesPlatformStatus {
    public Long observedGeneration;
    public Phase phase;
    public List<Condition> conditions = new ArrayList<>();
    public MigrationStatus migration;
    public RedisStatus redis;
    /** Filled by the regression watch (a later issue). */
    public Baseline baseline;
    public Reading lastReading;
    public ProfilingRun lastProfiling;
}
