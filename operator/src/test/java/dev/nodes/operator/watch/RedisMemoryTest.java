package dev.nodes.operator.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.RedisConfigGuard;
import dev.nodes.operator.redis.RedisConfigurator;
import dev.nodes.operator.redis.RedisTarget;
import org.junit.jupiter.api.Test;

class RedisMemoryTest {

    @Test
    void parsesInfoMemory() {
        RedisMemory m = RedisMemory.parseInfo(
                "# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:4194304\r\n");
        assertEquals(0.25, m.ratio());
        assertEquals("1.0 MiB of 4.0 MiB", m.note());
        RedisMemory unlimited = RedisMemory.parseInfo("used_memory:10\nmaxmemory:0\n");
        assertNull(unlimited.ratio());
        assertEquals("Redis has no maxmemory: no ratio", unlimited.note());
        assertNotNull(RedisMemory.parseInfo("nothing here").error());
    }

    @Test
    void readsTheRealRedisAndReportsAnUnreachableOne() {
        try (RedisConfigGuard guard = new RedisConfigGuard()) {
            RedisConfigGuard.set("maxmemory", "512mb");
            RedisMemory m = new RedisConfigurator(2000)
                    .memory(new RedisTarget(RedisConfigGuard.HOST, RedisConfigGuard.PORT, null));
            assertNull(m.error());
            assertEquals(512L * 1024 * 1024, m.maxBytes());
            assertTrue(m.usedBytes() > 0);
        }
        RedisMemory down = new RedisConfigurator(300).memory(new RedisTarget("127.0.0.1", 1, null));
        assertNotNull(down.error());
        assertNull(down.ratio());
    }
}
