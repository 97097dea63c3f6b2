package dev.nodes.service.testing;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The real Redis at 127.0.0.1 used by tests; each test uses its own key namespace on database 5. */
public final class TestRedis {
    public static final String HOST = env("NODES_TEST_REDIS_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("NODES_TEST_REDIS_PORT", "6379"));
    public static final int DATABASE = 5;

    private TestRedis() {}

    public static String url() {
        return "redis://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    /** Removes every key of a test's namespace (SCAN + UNLINK). */
    public static void dropNamespace(UnifiedJedis redis, String namespace) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page =
                    redis.scan(cursor, new ScanParams().match(namespace + ":*").count(1000));
            if (!page.getResult().isEmpty()) {
                redis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
