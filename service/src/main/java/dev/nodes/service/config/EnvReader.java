package dev.nodes.service.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads typed values from an environment map and collects every problem, so a bad start names them all. */
final class EnvReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + ", got " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be an integer, got '" + raw.get() + "'");
            return fallback;
        }
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problems.add(name + " must be true or false, got '" + raw.get() + "'");
                yield fallback;
            }
        };
    }

    String choice(String name, String fallback, String... allowed) {
        String value = string(name, fallback).toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(value)) {
            problems.add(name + " must be one of " + List.of(allowed) + ", got '" + value + "'");
            return fallback;
        }
        return value;
    }

    void failIfInvalid() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }
}
