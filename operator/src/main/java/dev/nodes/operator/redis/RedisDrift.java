package dev.nodes.operator.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/** The CONFIG SET commands that bring Redis from what it has to what is desired; empty: no drift. */
public final class RedisDrift {
    private RedisDrift() {}

    public static Map<String, String> settingsToApply(RedisConfig desired, RedisConfig observed) {
        Map<String, String> set = new LinkedHashMap<>();
        // maxmemory first: a policy that evicts only makes sense with the limit it evicts against
        if (desired.maxmemoryBytes() != null && !desired.maxmemoryBytes().equals(observed.maxmemoryBytes())) {
            set.put("maxmemory", Long.toString(desired.maxmemoryBytes()));
        }
        if (!desired.maxmemoryPolicy().equals(observed.maxmemoryPolicy())) {
            set.put("maxmemory-policy", desired.maxmemoryPolicy());
        }
        return set;
    }
}
