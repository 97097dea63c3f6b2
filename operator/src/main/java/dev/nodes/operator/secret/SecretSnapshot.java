package dev.nodes.operator.secret;

import dev.nodes.operator.child.ContentHash;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** The referenced Secrets as the operator sees them now: what is missing, their content hash, values. */
public final class SecretSnapshot {
    private final List<SecretReference> references;
    private final Map<String, Secret> found;

    private SecretSnapshot(List<SecretReference> references, Map<String, Secret> found) {
        this.references = references;
        this.found = found;
    }

    public static SecretSnapshot lookup(List<SecretReference> references, Function<String, Optional<Secret>> byName) {
        Map<String, Secret> found = new TreeMap<>();
        for (SecretReference ref : references) {
            byName.apply(ref.name()).ifPresent(secret -> found.put(ref.name(), secret));
        }
        return new SecretSnapshot(references, found);
    }

    /** Human-readable problems: Secrets that do not exist, keys they lack, values too short to use. */
    public List<String> missing() {
        List<String> problems = new ArrayList<>();
        for (SecretReference ref : references) {
            Secret secret = found.get(ref.name());
            if (secret == null) {
                problems.add("Secret " + ref.name() + " not found");
                continue;
            }
            for (String key : ref.requiredKeys()) {
                Optional<String> value = value(ref.name(), key);
                if (value.isEmpty()) {
                    problems.add("Secret " + ref.name() + " has no key " + key);
                    continue;
                }
                Integer minimum = ref.minimumBytes().get(key);
                int bytes = value.get().getBytes(StandardCharsets.UTF_8).length;
                if (minimum != null && bytes < minimum) {
                    problems.add("Secret " + ref.name() + " key " + key + " holds " + bytes + " bytes; at least "
                            + minimum + " are needed");
                }
            }
        }
        return problems;
    }

    /** Hash of every referenced Secret's data, so that a rotated credential rolls the pods. */
    public String contentHash() {
        StringBuilder all = new StringBuilder();
        for (SecretReference ref : references) {
            all.append(ref.name()).append('\u001e');
            Secret secret = found.get(ref.name());
            if (secret != null) {
                new TreeMap<>(decoded(secret))
                        .forEach((k, v) -> all.append(k).append('=').append(v).append('\u001e'));
            }
        }
        return ContentHash.of(all.toString());
    }

    public Optional<String> value(String secretName, String key) {
        Secret secret = found.get(secretName);
        if (secret == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(decoded(secret).get(key)).filter(v -> !v.isEmpty());
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((k, v) ->
                            values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        // stringData is write-only on a real server, but the mock keeps it as written
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
