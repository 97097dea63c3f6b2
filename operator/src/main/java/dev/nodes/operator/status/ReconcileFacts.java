package dev.nodes.operator.status;

import dev.nodes.operator.deployment.RolloutDecision;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.redis.RedisOutcome;
import java.util.List;

/**
 * What one reconcile found, from which the status is composed. Null fields were not evaluated
 * (an invalid spec stops before anything is looked at).
 */
public record ReconcileFacts(
        long generation,
        List<String> invalidSpec,
        boolean paused,
        List<String> missingSecrets,
        MigrationDecision migration,
        RedisOutcome redis,
        RolloutDecision rollout,
        boolean rolledOut,
        WatchFacts watch) {

    /** Without the regression watch (not evaluated in this reconcile: its status is kept). */
    public ReconcileFacts(
            long generation,
            List<String> invalidSpec,
            boolean paused,
            List<String> missingSecrets,
            MigrationDecision migration,
            RedisOutcome redis,
            RolloutDecision rollout,
            boolean rolledOut) {
        this(generation, invalidSpec, paused, missingSecrets, migration, redis, rollout, rolledOut, null);
    }

    public static ReconcileFacts invalid(long generation, List<String> problems) {
        return new ReconcileFacts(generation, problems, false, List.of(), null, null, null, false);
    }
}
