package dev.nodes.operator.resource;

import com.fasterxml.jackson.annotation.JsonValue;

/** Redis's eight eviction policies, spelled as Redis spells them. */
public enum MaxmemoryPolicy {
    NOEVICTION("noeviction"),
    ALLKEYS_LRU("allkeys-lru"),
    ALLKEYS_LFU("allkeys-lfu"),
    ALLKEYS_RANDOM("allkeys-random"),
    VOLATILE_LRU("volatile-lru"),
    VOLATILE_LFU("volatile-lfu"),
    VOLATILE_RANDOM("volatile-random"),
    VOLATILE_TTL("volatile-ttl");

    private final String redisName;

    MaxmemoryPolicy(String redisName) {
        this.redisName = redisName;
    }

    @JsonValue
    public String redisName() {
        return redisName;
    }
}
