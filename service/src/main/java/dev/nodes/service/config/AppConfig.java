package dev.nodes.service.config;

import dev.nodes.contracts.CacheKeys;
import dev.nodes.contracts.ServiceSettings;
import dev.nodes.service.db.Database;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the service, read from environment variables (see the README's configuration table).
 * Built from a plain map so tests can hand in their own environment.
 */
public record AppConfig(
        String httpHost,
        int httpPort,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Duration dbPoolWait,
        boolean migrateOnStart,
        Optional<String> redisUrl,
        Duration nodesCacheTtl,
        int nodesCacheMaxEntries,
        String nodesCacheNamespace,
        int nodesNearCacheMaxEntries,
        Optional<String> jwtSecret,
        boolean production,
        boolean workersEnabled,
        EmbeddingSettings embedding,
        String dataDir,
        int viewsRetentionDays,
        int rateLimitPerSecond,
        int rateLimitBurst,
        NotificationSettings notifications,
        Duration shutdownDrain) {

    /**
     * Broadcast worker and receipt retention. The lease is renewed at every batch, so it only has to outlast
     * one batch; a worker that dies is replaced once its lease has run out.
     */
    public record NotificationSettings(
            int batchSize,
            Duration lease,
            Duration pollInterval,
            int maxAttempts,
            int retentionDays,
            int maxPerUser,
            int pruneBatch,
            Duration pruneInterval) {}

    /** Settings of the embedding provider. */
    public record EmbeddingSettings(
            String provider,
            Optional<String> baseUrl,
            String model,
            Optional<String> apiKey,
            int dimensions,
            Duration timeout,
            Duration connectTimeout,
            int retries) {}

    public static AppConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static AppConfig from(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        int defaultPool = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
        AppConfig config = new AppConfig(
                r.string("APP_HTTP_HOST", "0.0.0.0"),
                r.integer(ServiceSettings.HTTP_PORT, 8080, 0, 65535),
                r.optional(ServiceSettings.DB_URL),
                r.string(ServiceSettings.DB_USER, ""),
                r.string(ServiceSettings.DB_PASSWORD, ""),
                r.integer("APP_DB_POOL_SIZE", defaultPool, 1, 500),
                Duration.ofMillis(r.integer("APP_DB_POOL_WAIT_MS", (int) Database.DEFAULT_WAIT.toMillis(), 50, 60_000)),
                r.bool(ServiceSettings.MIGRATE_ON_START, true),
                r.optional(ServiceSettings.REDIS_URL),
                Duration.ofSeconds(r.integer(ServiceSettings.NODES_CACHE_TTL, 300, 1, 86_400)),
                r.integer(ServiceSettings.NODES_CACHE_MAX_ENTRIES, 5000, 1, 10_000_000),
                r.string("APP_NODES_CACHE_NAMESPACE", CacheKeys.DEFAULT_NAMESPACE),
                r.integer(ServiceSettings.NODES_NEAR_CACHE_MAX_ENTRIES, 1000, 0, 1_000_000),
                r.optional(ServiceSettings.JWT_SECRET),
                r.string("APP_ENV", "development").equalsIgnoreCase("production"),
                r.bool(ServiceSettings.WORKERS_ENABLED, true),
                new EmbeddingSettings(
                        r.choice(ServiceSettings.EMBEDDING_PROVIDER, "hashing", "hashing", "openai", "disabled"),
                        r.optional("APP_EMBEDDING_BASE_URL"),
                        r.string(ServiceSettings.EMBEDDING_MODEL, "text-embedding-3-small"),
                        r.optional(ServiceSettings.EMBEDDING_API_KEY),
                        r.integer("APP_EMBEDDING_DIM", 256, 8, 8192),
                        Duration.ofMillis(r.integer(ServiceSettings.EMBEDDING_TIMEOUT_MS, 10_000, 1, 600_000)),
                        Duration.ofMillis(r.integer("APP_EMBEDDING_CONNECT_TIMEOUT_MS", 2_000, 1, 600_000)),
                        r.integer("APP_EMBEDDING_RETRIES", 3, 0, 10)),
                r.string("APP_DATA_DIR", "var"),
                r.integer("APP_NODES_VIEWS_RETENTION_DAYS", 90, 1, 36_500),
                r.integer("APP_RATE_LIMIT_PER_SECOND", 0, 0, 1_000_000),
                r.integer("APP_RATE_LIMIT_BURST", 0, 0, 1_000_000),
                new NotificationSettings(
                        r.integer("APP_NOTIFICATIONS_BATCH_SIZE", 1000, 1, 50_000),
                        Duration.ofSeconds(r.integer("APP_NOTIFICATIONS_LEASE_SECONDS", 30, 1, 3600)),
                        Duration.ofMillis(r.integer("APP_NOTIFICATIONS_POLL_MS", 1000, 10, 600_000)),
                        r.integer("APP_NOTIFICATIONS_MAX_ATTEMPTS", 5, 1, 100),
                        r.integer("APP_NOTIFICATIONS_RETENTION_DAYS", 90, 1, 36_500),
                        r.integer("APP_NOTIFICATIONS_MAX_PER_USER", 1000, 1, 1_000_000),
                        r.integer("APP_NOTIFICATIONS_PRUNE_BATCH", 5000, 1, 1_000_000),
                        Duration.ofSeconds(r.integer("APP_NOTIFICATIONS_PRUNE_INTERVAL_SECONDS", 3600, 1, 604_800))),
                Duration.ofSeconds(r.integer(ServiceSettings.SHUTDOWN_DRAIN_SECONDS, 0, 0, 300)));
        r.failIfInvalid();
        if (config.jwtSecret().isPresent() && config.jwtSecret().get().getBytes().length < 32) {
            throw new IllegalArgumentException("APP_JWT_SECRET must be at least 32 bytes");
        }
        if (config.production() && config.jwtSecret().isEmpty()) {
            throw new IllegalArgumentException("APP_JWT_SECRET is required when APP_ENV=production");
        }
        if (config.embedding().provider().equals("openai")
                && config.embedding().baseUrl().isEmpty()) {
            throw new IllegalArgumentException("APP_EMBEDDING_BASE_URL is required for APP_EMBEDDING_PROVIDER=openai");
        }
        return config;
    }
}
