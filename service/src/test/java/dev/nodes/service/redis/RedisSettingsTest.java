package dev.nodes.service.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void hostPortAndDatabase() {
        RedisSettings settings = RedisSettings.parse("redis://cache.internal:6380/5");
        assertEquals("cache.internal", settings.host());
        assertEquals(6380, settings.port());
        assertEquals(5, settings.database());
        assertEquals(Optional.empty(), settings.password());
        assertEquals(Duration.ofMillis(500), settings.connectTimeout());
        assertEquals(Duration.ofMillis(500), settings.socketTimeout());
    }

    @Test
    void passwordWithoutUserAndDefaults() {
        RedisSettings settings = RedisSettings.parse("redis://:s%40cret@127.0.0.1");
        assertEquals(Optional.of("s@cret"), settings.password());
        assertEquals(Optional.empty(), settings.user());
        assertEquals(6379, settings.port());
        assertEquals(0, settings.database());
    }

    @Test
    void userAndPassword() {
        RedisSettings settings = RedisSettings.parse("redis://app:pw@127.0.0.1:6379/1");
        assertEquals(Optional.of("app"), settings.user());
        assertEquals(Optional.of("pw"), settings.password());
    }

    @Test
    void invalidUrlsNameTheVariableButNotThePassword() {
        for (String url :
                new String[] {"http://127.0.0.1:6379", "redis://:topsecret@/0", "redis://h:1/x", "not a url"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.parse(url));
            assertTrue(e.getMessage().startsWith("APP_REDIS_URL"), e.getMessage());
            assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        }
    }
}
