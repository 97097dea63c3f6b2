package dev.nodes.operator.secret;

import java.util.List;
import java.util.Map;

/**
 * A Secret the NodesPlatform points at, the keys it must hold, and the least number of bytes some values need
 * (the service refuses to start with a shorter JWT secret: better said in status than seen as a crash loop).
 */
public record SecretReference(String name, List<String> requiredKeys, Map<String, Integer> minimumBytes) {
    public SecretReference(String name, List<String> requiredKeys) {
        this(name, requiredKeys, Map.of());
    }
}
