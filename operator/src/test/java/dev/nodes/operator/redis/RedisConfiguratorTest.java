package dev.nodes.operator.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.RedisConfigGuard;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Against the real Redis on 127.0.0.1:6379; its settings are restored after each test. */
class RedisConfiguratorTest {
    static final RedisTarget REDIS = new RedisTarget(RedisConfigGuard.HOST, RedisConfigGuard.PORT, null);
    /** Large enough that no other test's keys are ever evicted while this runs. */
    static final String HARMLESS_LIMIT = "4gb";

    final RedisConfigurator configurator = new RedisConfigurator(2000);
    RedisConfigGuard guard;

    @BeforeEach
    void remember() {
        guard = new RedisConfigGuard();
    }

    @AfterEach
    void restore() {
        guard.close();
    }

    @Test
    void appliesThePolicyAndLimitAndReadsThemBack() {
        RedisConfigGuard.set("maxmemory-policy", "noeviction");
        RedisOutcome outcome = configurator.reconcile(REDIS, "allkeys-lfu", HARMLESS_LIMIT, 5000, true);
        assertTrue(outcome.inSync());
        assertEquals(Map.of("maxmemory", "4294967296", "maxmemory-policy", "allkeys-lfu"), outcome.applied());
        assertEquals("allkeys-lfu", RedisConfigGuard.get("maxmemory-policy"));
        assertEquals(4294967296L, outcome.observed().maxmemoryBytes());
    }

    @Test
    void driftIsDetectedAndReappliedAndAnUnchangedRedisIsNotWritten() {
        configurator.reconcile(REDIS, "allkeys-lru", HARMLESS_LIMIT, 5000, true);
        assertTrue(configurator
                .reconcile(REDIS, "allkeys-lru", HARMLESS_LIMIT, 5000, true)
                .applied()
                .isEmpty());

        RedisConfigGuard.set("maxmemory-policy", "volatile-ttl"); // someone changes it by hand
        RedisOutcome repaired = configurator.reconcile(REDIS, "allkeys-lru", HARMLESS_LIMIT, 5000, true);
        assertEquals(Map.of("maxmemory-policy", "allkeys-lru"), repaired.applied());
        assertEquals("allkeys-lru", RedisConfigGuard.get("maxmemory-policy"));
    }

    @Test
    void observingOnlyReportsDriftWithoutFixingIt() {
        RedisConfigGuard.set("maxmemory-policy", "volatile-ttl");
        RedisOutcome observed = configurator.reconcile(REDIS, "allkeys-lru", null, 5000, false);
        assertFalse(observed.inSync());
        assertTrue(observed.applied().isEmpty());
        assertEquals("volatile-ttl", RedisConfigGuard.get("maxmemory-policy"));
    }

    @Test
    void autoSizingMeasuresCachedEntries() {
        try (Jedis jedis = RedisConfigGuard.connect()) {
            jedis.select(13); // a DB index no other test uses; MEMORY USAGE and SCAN work per DB
            jedis.flushDB();
            assertTrue(RedisConfigurator.meanEntryBytes(jedis).isEmpty());
            for (int i = 0; i < 20; i++) {
                jedis.setex("product:nodes:v1:id:" + i, 60, "x".repeat(500));
            }
            long mean = RedisConfigurator.meanEntryBytes(jedis).getAsLong();
            assertTrue(mean >= 500, "mean " + mean);
            jedis.flushDB();
        }
    }

    @Test
    void anUnreachableRedisIsReportedNotThrown() {
        RedisOutcome outcome =
                configurator.reconcile(new RedisTarget("127.0.0.1", 1, null), "allkeys-lru", null, 5000, true);
        assertFalse(outcome.inSync());
        assertNotNull(outcome.error());
    }
}
