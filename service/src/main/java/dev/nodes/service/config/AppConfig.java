package dev.nodes.service.config;

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
        boolean migrateOnStart,
        Optional<String> redisUrl,
        Duration nodesCacheTtl,
        int nodesCacheMaxEntries,
        String nodesCacheNamespace,
        Optional<String> jwtSecret,
        boolean production,
        boolean workersEnabled,
        EmbeddingSettings embedding,
        String dataDir) {

    /** Settings of the embedding provider. */
    public record EmbeddingSettings(
            String provider,
            Optional<String> baseUrl,
            String model,
            Optional<String> apiKey,
            int dimensions,
            Duration timeout,
            Duration connectTimeout,
            int retries) {
    }

    public static AppConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static AppConfig from(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        int defaultPool = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
        AppConfig config = new AppConfig(
                r.string("APP_HTTP_HOST", "0.0.0.0"),
                r.integer("APP_HTTP_PORT", 8080, 0, 65535),
                r.optional("APP_DB_URL"),
                r.string("APP_DB_USER", ""),
                r.string("APP_DB_PASSWORD", ""),
                r.integer("APP_DB_POOL_SIZE", defaultPool, 1, 500),
                r.bool("APP_MIGRATE_ON_START", true),
                r.optional("APP_REDIS_URL"),
                Duration.ofSeconds(r.integer("APP_NODES_CACHE_TTL", 300, 1, 86_400)),
                r.integer("APP_NODES_CACHE_MAX_ENTRIES", 5000, 1, 10_000_000),
                r.string("APP_NODES_CACHE_NAMESPACE", "product"),
                r.optional("APP_JWT_SECRET"),
                r.string("APP_ENV", "development").equalsIgnoreCase("production"),
                r.bool("APP_WORKERS_ENABLED", true),
                new EmbeddingSettings(
                        r.choice("APP_EMBEDDING_PROVIDER", "hashing", "hashing", "openai", "disabled"),
                        r.optional("APP_EMBEDDING_BASE_URL"),
                        r.string("APP_EMBEDDING_MODEL", "text-embedding-3-small"),
                        r.optional("APP_EMBEDDING_API_KEY"),
                        r.integer("APP_EMBEDDING_DIM", 256, 8, 8192),
                        Duration.ofMillis(r.integer("APP_EMBEDDING_TIMEOUT_MS", 10_000, 1, 600_000)),
                        Duration.ofMillis(r.integer("APP_EMBEDDING_CONNECT_TIMEOUT_MS", 2_000, 1, 600_000)),
                        r.integer("APP_EMBEDDING_RETRIES", 3, 0, 10)),
                r.string("APP_DATA_DIR", "var"));
        r.failIfInvalid();
        if (config.jwtSecret().isPresent() && config.jwtSecret().get().getBytes().length < 32) {
            throw new IllegalArgumentException("APP_JWT_SECRET must be at least 32 bytes");
        }
        if (config.production() && config.jwtSecret().isEmpty()) {
            throw new IllegalArgumentException("APP_JWT_SECRET is required when APP_ENV=production");
        }
        if (config.embedding().provider().equals("openai") && config.embedding().baseUrl().isEmpty()) {
            throw new IllegalArgumentException("APP_EMBEDDING_BASE_URL is required for APP_EMBEDDING_PROVIDER=openai");
        }
        return config;
    }
}
