package dev.nodes.operator.resource;

/**
 * The rollout (pod template: image and config hash) the regression watch follows, what it was
 * migrated with, and the checks owed to it once it is stable.
 */
public class RolloutRecord {
    /** Hash of the running image and the pod template's config hash. */
    public String id;

    public String image;
    /** The migration hash this image was migrated under (absent: migrations disabled). */
    public String migrationHash;

    public String migrationJob;
    /** Embedding provider, model and timeout the rollout runs with. */
    public String embedding;

    public String observedAt;
    /** Why this rollout is to be profiled once stable (migrations or embedding changed); absent: nothing owed. */
    public String profileDue;
    /** Why a benchmark-only Job is owed once stable (a successful migration); absent: nothing owed. */
    public String benchmarkDue;
}
