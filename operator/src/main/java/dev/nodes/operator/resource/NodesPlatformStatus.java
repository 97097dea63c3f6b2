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
    /** The regression watch: baseline, last window, rollout followed, last profiling Job. */
    public Baseline baseline;
    public Reading lastReading;
    public RolloutRecord rollout;
    public ProfilingRun lastProfiling;
    /** When the last profile-mode Job started: the cooldown counts from here. */
    public String profiledAt;
}
