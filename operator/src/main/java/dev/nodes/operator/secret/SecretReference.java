package dev.nodes.operator.secret;

import java.util.List;

/** A Secret the NodesPlatform points at, and the keys it must hold. */
public record SecretReference(String name, List<String> requiredKeys) {
}
