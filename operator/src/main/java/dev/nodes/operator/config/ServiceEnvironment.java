package dev.nodes.operator.config;

import dev.nodes.contracts.ServiceSettings;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformSpec;
import dev.nodes.operator.secret.SecretReferences;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/** The container environment: the ConfigMap plus credentials referenced from Secrets, never copied. */
public final class ServiceEnvironment {
    private ServiceEnvironment() {}

    public static List<EnvFromSource> fromConfigMap(String configMapName) {
        return List.of(new EnvFromSourceBuilder()
                .withNewConfigMapRef()
                .withName(configMapName)
                .endConfigMapRef()
                .build());
    }

    /** What the migrate command needs: the database. */
    public static List<EnvVar> database(NodesPlatformSpec spec) {
        String db = spec.database.secretRef;
        return List.of(
                fromSecret(ServiceSettings.DB_URL, db, SecretReferences.DB_URL, false),
                fromSecret(ServiceSettings.DB_USER, db, SecretReferences.DB_USERNAME, false),
                fromSecret(ServiceSettings.DB_PASSWORD, db, SecretReferences.DB_PASSWORD, false));
    }

    /** What the serving pods need. */
    public static List<EnvVar> service(NodesPlatform np) {
        NodesPlatformSpec spec = np.getSpec();
        List<EnvVar> env = new ArrayList<>(database(spec));
        env.add(fromSecret(ServiceSettings.JWT_SECRET, spec.auth.jwtSecretRef, SecretReferences.JWT_SECRET, false));
        if (SecretReferences.usesEmbeddingApiKey(spec)) {
            env.add(fromSecret(
                    ServiceSettings.EMBEDDING_API_KEY,
                    spec.embedding.apiKeySecretRef,
                    SecretReferences.EMBEDDING_API_KEY,
                    false));
        }
        if (SecretReferences.usesRedisSecret(spec)) {
            String redis = spec.redis.secretRef;
            env.add(fromSecret("NODES_REDIS_HOST", redis, SecretReferences.REDIS_HOST, false));
            env.add(fromSecret("NODES_REDIS_PORT", redis, SecretReferences.REDIS_PORT, false));
            env.add(fromSecret("NODES_REDIS_PASSWORD", redis, SecretReferences.REDIS_PASSWORD, true));
            // Kubernetes expands $(VAR) from variables defined earlier in the list
            env.add(new EnvVarBuilder()
                    .withName(ServiceSettings.REDIS_URL)
                    .withValue("redis://:$(NODES_REDIS_PASSWORD)@$(NODES_REDIS_HOST):$(NODES_REDIS_PORT)")
                    .build());
        }
        return env;
    }

    private static EnvVar fromSecret(String variable, String secret, String key, boolean optional) {
        return new EnvVarBuilder()
                .withName(variable)
                .withNewValueFrom()
                .withNewSecretKeyRef(key, secret, optional ? Boolean.TRUE : null)
                .endValueFrom()
                .build();
    }
}
