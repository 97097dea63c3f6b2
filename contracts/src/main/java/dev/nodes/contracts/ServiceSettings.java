package dev.nodes.contracts;

/**
 * The environment variables the service reads that the operator sets, in the ConfigMap or from Secrets. The
 * service's other settings keep their names in its own configuration alone.
 */
public final class ServiceSettings {
    public static final String HTTP_PORT = "APP_HTTP_PORT";
    public static final String DB_URL = "APP_DB_URL";
    public static final String DB_USER = "APP_DB_USER";
    public static final String DB_PASSWORD = "APP_DB_PASSWORD";
    public static final String MIGRATE_ON_START = "APP_MIGRATE_ON_START";
    public static final String REDIS_URL = "APP_REDIS_URL";
    public static final String NODES_CACHE_TTL = "APP_NODES_CACHE_TTL";
    public static final String NODES_CACHE_MAX_ENTRIES = "APP_NODES_CACHE_MAX_ENTRIES";
    /** Nodes each process keeps in front of Redis (0: none); only with Redis. */
    public static final String NODES_NEAR_CACHE_MAX_ENTRIES = "APP_NODES_NEAR_CACHE_MAX_ENTRIES";

    public static final String JWT_SECRET = "APP_JWT_SECRET";
    public static final String WORKERS_ENABLED = "APP_WORKERS_ENABLED";
    public static final String EMBEDDING_PROVIDER = "APP_EMBEDDING_PROVIDER";
    public static final String EMBEDDING_MODEL = "APP_EMBEDDING_MODEL";
    public static final String EMBEDDING_API_KEY = "APP_EMBEDDING_API_KEY";
    public static final String EMBEDDING_TIMEOUT_MS = "APP_EMBEDDING_TIMEOUT_MS";
    public static final String SHUTDOWN_DRAIN_SECONDS = "APP_SHUTDOWN_DRAIN_SECONDS";

    /** The service's subcommands: the Deployment serves, the migration Job migrates. */
    public static final String COMMAND_SERVE = "serve";

    public static final String COMMAND_WORKER = "worker";
    public static final String COMMAND_MIGRATE = "migrate";

    private ServiceSettings() {}
}
