package dev.nodes.operator.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RedisDecisionsTest {

    @Test
    void noDriftWritesNothing() {
        assertTrue(
                RedisDrift.settingsToApply(new RedisConfig("allkeys-lru", 1024L), new RedisConfig("allkeys-lru", 1024L))
                        .isEmpty());
        assertTrue(
                RedisDrift.settingsToApply(new RedisConfig("allkeys-lru", null), new RedisConfig("allkeys-lru", 5L))
                        .isEmpty(),
                "an unset maxmemory is left as Redis has it");
    }

    @Test
    void driftIsReappliedLimitFirst() {
        Map<String, String> set = RedisDrift.settingsToApply(
                new RedisConfig("allkeys-lfu", 67108864L), new RedisConfig("noeviction", 0L));
        assertEquals(Map.of("maxmemory", "67108864", "maxmemory-policy", "allkeys-lfu"), set);
        assertEquals("maxmemory", set.keySet().iterator().next());
    }

    @Test
    void sizesFollowRedisUnits() {
        assertEquals(64L * 1024 * 1024, MaxmemorySize.parseBytes("64mb"));
        assertEquals(64_000_000L, MaxmemorySize.parseBytes("64m"));
        assertEquals(2L * 1024 * 1024 * 1024, MaxmemorySize.parseBytes("2gb"));
        assertEquals(1234L, MaxmemorySize.parseBytes("1234"));
        assertThrows(IllegalArgumentException.class, () -> MaxmemorySize.parseBytes("64 MiB"));
    }

    @Test
    void autoSizingScalesWithTheCapAndNeedsAMeasurement() {
        assertTrue(MaxmemoryAutoSizer.size(5000, OptionalLong.empty()).isEmpty());
        // 100k entries x 2 keys x 1000 bytes x 1.5 = 300 MB, rounded up to whole MiB
        long bytes = MaxmemoryAutoSizer.size(100_000, OptionalLong.of(1000)).getAsLong();
        assertEquals(287L * 1024 * 1024, bytes);
        assertEquals(
                MaxmemoryAutoSizer.FLOOR_BYTES,
                MaxmemoryAutoSizer.size(10, OptionalLong.of(100)).getAsLong());
    }
}
