package dev.nodes.service.testing;

import dev.nodes.service.ServiceApp;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import dev.nodes.service.config.AppConfig;
import dev.nodes.service.db.DatabaseCoordinates;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The whole service on a free loopback port, against its own test database; close it to drop everything. */
public final class TestService implements AutoCloseable {
    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

    private final DatabaseCoordinates database;
    private final ServiceApp app;
    private final Map<String, String> env;
    private final HttpTestClient client;
    /** Between the service and its database when started {@link #startBehindProxy behind one}, else null. */
    private final TcpProxy databaseProxy;
    /** A replica shares its primary's database (and Redis namespace) and leaves it to the primary to drop. */
    private final boolean replica;

    private TestService(TestService primary) {
        this.database = primary.database;
        this.databaseProxy = null;
        this.replica = true;
        this.env = primary.env;
        this.app = ServiceApp.start(AppConfig.from(this.env), ServiceApp.Mode.SERVE);
        this.client = new HttpTestClient("http://127.0.0.1:" + app.port());
    }

    /**
     * A second process of the same deployment: the same database, Redis and cache namespace, its own port and
     * in-process state. Close it before its primary.
     */
    public static TestService replicaOf(TestService primary) {
        return new TestService(primary);
    }

    private TestService(Map<String, String> overrides, boolean behindProxy) {
        this.replica = false;
        this.database = TestDatabases.create();
        URI direct = URI.create(database.url().substring("jdbc:".length()));
        this.databaseProxy = behindProxy ? TcpProxy.to(direct.getHost(), direct.getPort()) : null;
        String serviceDbUrl = behindProxy
                ? database.url().replace(direct.getHost() + ":" + direct.getPort(), "127.0.0.1:" + databaseProxy.port())
                : database.url();
        Map<String, String> env = new HashMap<>();
        env.put("APP_HTTP_HOST", "127.0.0.1");
        env.put("APP_HTTP_PORT", "0");
        env.put("APP_DB_URL", serviceDbUrl);
        env.put("APP_DB_USER", database.user());
        env.put("APP_DB_PASSWORD", database.password());
        env.put("APP_DB_POOL_SIZE", "8");
        env.put("APP_MIGRATE_ON_START", "false");
        env.put("APP_JWT_SECRET", JWT_SECRET);
        env.put(
                "APP_NODES_CACHE_NAMESPACE",
                "test-" + UUID.randomUUID().toString().substring(0, 8));
        env.putAll(overrides);
        this.env = Map.copyOf(env);
        this.app = ServiceApp.start(AppConfig.from(this.env), ServiceApp.Mode.SERVE);
        this.client = new HttpTestClient("http://127.0.0.1:" + app.port());
    }

    public static TestService start() {
        return new TestService(Map.of(), false);
    }

    public static TestService start(Map<String, String> overrides) {
        return new TestService(overrides, false);
    }

    /**
     * The service reaches its database through a {@link TcpProxy} the test can cut (see {@link #databaseProxy()});
     * {@link #database()} stays the direct one for the test's own checks.
     */
    public static TestService startBehindProxy(Map<String, String> overrides) {
        return new TestService(overrides, true);
    }

    public TcpProxy databaseProxy() {
        if (databaseProxy == null) {
            throw new IllegalStateException("started without a proxy: use startBehindProxy");
        }
        return databaseProxy;
    }

    public HttpTestClient http() {
        return client;
    }

    public DatabaseCoordinates database() {
        return database;
    }

    public String env(String name) {
        return env.get(name);
    }

    public int port() {
        return app.port();
    }

    public static String token(String subject, Role role) {
        return Authenticator.mint(JWT_SECRET.getBytes(), subject, role, 3600);
    }

    /** What SIGTERM does: drain for APP_SHUTDOWN_DRAIN_SECONDS, then stop. */
    public void drainThenClose() {
        app.drainThenClose();
    }

    @Override
    public void close() {
        app.close();
        if (databaseProxy != null) {
            databaseProxy.close();
        }
        if (!replica) {
            TestDatabases.drop(database);
        }
    }
}
