package dev.nodes.operator.validation;

import dev.nodes.operator.redis.MaxmemorySize;
import dev.nodes.operator.resource.EmbeddingProvider;
import dev.nodes.operator.resource.NodesPlatformSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules the CRD schema cannot express (or that API servers before 1.25 ignore, like CEL rules).
 * Problems are reported as Ready=False, reason InvalidSpec; nothing is changed for an invalid spec.
 */
public final class SpecValidator {
    private SpecValidator() {}

    public static List<String> validate(NodesPlatformSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return List.of("spec is missing");
        }
        if (isBlank(spec.image)) {
            problems.add("spec.image is required");
        }
        if (spec.database == null || isBlank(spec.database.secretRef)) {
            problems.add("spec.database.secretRef is required");
        }
        if (spec.auth == null || isBlank(spec.auth.jwtSecretRef)) {
            problems.add("spec.auth.jwtSecretRef is required");
        }
        if (spec.redis == null || isBlank(spec.redis.host) == isBlank(spec.redis.secretRef)) {
            problems.add("spec.redis: set exactly one of host and secretRef");
        } else if (spec.redis.maxmemory != null && !MaxmemorySize.AUTO.equals(spec.redis.maxmemory)) {
            try {
                MaxmemorySize.parseBytes(spec.redis.maxmemory);
            } catch (RuntimeException e) {
                problems.add("spec.redis.maxmemory: " + e.getMessage());
            }
        }
        if (spec.embedding.provider == EmbeddingProvider.OPENAI) {
            if (isBlank(spec.embedding.model)) {
                problems.add("spec.embedding.model is required for provider openai");
            }
            if (isBlank(spec.embedding.apiKeySecretRef)) {
                problems.add("spec.embedding.apiKeySecretRef is required for provider openai");
            }
        }
        Duration window = duration(spec.profiling.window, "spec.profiling.window", problems);
        Duration cooldown = duration(spec.profiling.cooldown, "spec.profiling.cooldown", problems);
        if (window != null && cooldown != null && cooldown.compareTo(window) < 0) {
            problems.add("spec.profiling.cooldown must not be shorter than spec.profiling.window");
        }
        return problems;
    }

    /** Parses 30s, 5m, 1h. */
    public static Duration parseDuration(String value) {
        if (value == null || !value.matches("^[0-9]+[smh]$")) {
            throw new IllegalArgumentException("not a duration like 30s, 5m or 1h: " + value);
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static Duration duration(String value, String field, List<String> problems) {
        try {
            Duration d = parseDuration(value);
            if (d.isZero()) {
                problems.add(field + " must be positive");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
