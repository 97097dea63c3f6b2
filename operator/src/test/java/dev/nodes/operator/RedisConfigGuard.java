package dev.nodes.operator;

import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The real Redis on 127.0.0.1:6379 is shared with other tests: remember its eviction settings and
 * put them back afterwards. Fails loudly when Redis is not there.
 */
public final class RedisConfigGuard implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;
    private final Map<String, String> saved;

    public RedisConfigGuard() {
        try (Jedis jedis = connect()) {
            saved = jedis.configGet("maxmemory-policy", "maxmemory");
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "these tests need the real Redis on " + HOST + ":" + PORT
                            + " (the project's test script starts it): " + e.getMessage(),
                    e);
        }
    }

    public static Jedis connect() {
        return new Jedis(HOST, PORT);
    }

    public static String get(String setting) {
        try (Jedis jedis = connect()) {
            return jedis.configGet(setting).get(setting);
        }
    }

    public static void set(String setting, String value) {
        try (Jedis jedis = connect()) {
            jedis.configSet(setting, value);
        }
    }

    @Override
    public void close() {
        try (Jedis jedis = connect()) {
            jedis.configSet("maxmemory", saved.get("maxmemory"));
            jedis.configSet("maxmemory-policy", saved.get("maxmemory-policy"));
        }
    }
}
