package dev.nodes.service.testing;

/** The real Redis at 127.0.0.1 used by tests; each test uses its own key namespace on database 5. */
public final class TestRedis {
    public static final String HOST = env("NODES_TEST_REDIS_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("NODES_TEST_REDIS_PORT", "6379"));
    public static final int DATABASE = 5;

    private TestRedis() {
    }

    public static String url() {
        return "redis://" + HOST + ":" + PORT + "/" + DATABASE;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
