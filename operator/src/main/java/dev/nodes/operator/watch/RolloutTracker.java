package dev.nodes.operator.watch;

import dev.nodes.operator.child.ContentHash;
import dev.nodes.operator.resource.RolloutRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows rollouts: a new pod template (image or config hash) is a new rollout. It owes a profile run
 * when its migrations or its embedding settings changed from the previous rollout's, and a
 * benchmark-only run after a successful migration (with benchmarkAfterMigration). What is owed and
 * not yet run carries over to the next rollout, which supersedes it.
 */
public final class RolloutTracker {
    private RolloutTracker() {}

    /**
     * What the running Deployment is.
     *
     * @param migrationHash the migration this image was migrated under, or null (migrations disabled or unknown)
     * @param embedding     provider, model and timeout, e.g. {@code hashing/-/10000ms}
     */
    public record Identity(
            String image, String configHash, String migrationHash, String migrationJob, String embedding) {
        public String id() {
            return ContentHash.of(image, configHash);
        }
    }

    public static String embedding(String provider, String model, int timeoutMillis) {
        return provider + "/" + (model == null || model.isEmpty() ? "-" : model) + "/" + timeoutMillis + "ms";
    }

    /** The record after seeing {@code current}; {@code previous} unchanged when it is the same rollout. */
    public static RolloutRecord observe(
            RolloutRecord previous, Identity current, boolean benchmarkAfterMigration, String now) {
        String id = current.id();
        if (previous != null && id.equals(previous.id)) {
            return previous;
        }
        RolloutRecord next = new RolloutRecord();
        next.id = id;
        next.image = current.image();
        next.migrationHash = current.migrationHash();
        next.migrationJob = current.migrationJob();
        next.embedding = current.embedding();
        next.observedAt = now;
        boolean newMigration = current.migrationHash() != null
                && (previous == null || !current.migrationHash().equals(previous.migrationHash));
        List<String> profile = new ArrayList<>();
        if (previous != null) {
            if (newMigration) {
                profile.add(
                        "rollout of " + current.image() + " ran new migrations (Job " + current.migrationJob() + ")");
            }
            if (!Objects.equals(previous.embedding, current.embedding())) {
                profile.add("rollout changed the embedding settings from " + previous.embedding + " to "
                        + current.embedding());
            }
            if (previous.profileDue != null) {
                profile.add(previous.profileDue); // owed by a rollout that never became stable
            }
        }
        next.profileDue = profile.isEmpty() ? null : String.join("; ", profile);
        if (benchmarkAfterMigration && newMigration) {
            next.benchmarkDue = "benchmark after migration Job " + current.migrationJob();
        } else if (previous != null) {
            next.benchmarkDue = previous.benchmarkDue;
        }
        return next;
    }

    public static RolloutRecord copy(RolloutRecord r) {
        RolloutRecord c = new RolloutRecord();
        c.id = r.id;
        c.image = r.image;
        c.migrationHash = r.migrationHash;
        c.migrationJob = r.migrationJob;
        c.embedding = r.embedding;
        c.observedAt = r.observedAt;
        c.profileDue = r.profileDue;
        c.benchmarkDue = r.benchmarkDue;
        return c;
    }
}
