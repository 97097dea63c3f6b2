package dev.nodes.operator.redis;

import java.util.Map;

/**
 * What a visit to Redis found and did.
 *
 * @param observed what Redis reports after the visit (null when unreachable)
 * @param applied  the settings that were set because they drifted (empty: nothing written)
 * @param inSync   whether Redis now matches the desired settings
 * @param error    why Redis could not be read or configured, or null
 * @param note     extra information for the condition message (e.g. auto sizing pending), or null
 */
public record RedisOutcome(
        RedisConfig observed, Map<String, String> applied, boolean inSync, String error, String note) {

    public static RedisOutcome unreachable(String error) {
        return new RedisOutcome(null, Map.of(), false, error, null);
    }
}
