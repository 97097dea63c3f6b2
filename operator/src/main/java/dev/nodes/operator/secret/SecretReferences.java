package dev.nodes.operator.secret;

import dev.nodes.operator.resource.EmbeddingProvider;
import dev.nodes.operator.resource.NodesPlatformSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which Secrets a spec references; the only place credentials come from. */
public final class SecretReferences {
    public static final String DB_URL = "url";
    public static final String DB_USERNAME = "username";
    public static final String DB_PASSWORD = "password";
    public static final String JWT_SECRET = "secret";
    /** The service's own rule for APP_JWT_SECRET (HS256 wants at least 256 bits). */
    public static final int JWT_SECRET_MIN_BYTES = 32;

    public static final String REDIS_HOST = "host";
    public static final String REDIS_PORT = "port";
    public static final String REDIS_PASSWORD = "password";
    public static final String EMBEDDING_API_KEY = "apiKey";

    private SecretReferences() {}

    public static List<SecretReference> of(NodesPlatformSpec spec) {
        List<SecretReference> refs = new ArrayList<>();
        refs.add(new SecretReference(spec.database.secretRef, List.of(DB_URL, DB_USERNAME, DB_PASSWORD)));
        refs.add(new SecretReference(
                spec.auth.jwtSecretRef, List.of(JWT_SECRET), Map.of(JWT_SECRET, JWT_SECRET_MIN_BYTES)));
        if (usesRedisSecret(spec)) {
            // the password is optional: a Redis without AUTH is allowed
            refs.add(new SecretReference(spec.redis.secretRef, List.of(REDIS_HOST, REDIS_PORT)));
        }
        if (usesEmbeddingApiKey(spec)) {
            refs.add(new SecretReference(spec.embedding.apiKeySecretRef, List.of(EMBEDDING_API_KEY)));
        }
        return refs;
    }

    public static boolean usesRedisSecret(NodesPlatformSpec spec) {
        return spec.redis.secretRef != null && !spec.redis.secretRef.isEmpty();
    }

    public static boolean usesEmbeddingApiKey(NodesPlatformSpec spec) {
        return spec.embedding.provider == EmbeddingProvider.OPENAI
                && spec.embedding.apiKeySecretRef != null
                && !spec.embedding.apiKeySecretRef.isEmpty();
    }
}
