package dev.nodes.operator.resource;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
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

    /** A deep copy: a JSON round trip, the status being plain data. */
    public NodesPlatformStatus copy() {
        return Serialization.unmarshal(Serialization.asJson(this), NodesPlatformStatus.class);
    }
}
