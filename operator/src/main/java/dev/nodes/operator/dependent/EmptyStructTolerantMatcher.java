package dev.nodes.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JOSDK's server-side-apply matcher, blind to empty structs. Kubernetes 1.20 records no managed field for a
 * struct applied empty ({@code emptyDir: {}}), so the actual object, pruned to the operator's managed fields,
 * lacks it where the desired one has it: the default matcher would see a difference on every reconcile and
 * apply a patch that changes nothing. An empty struct carries no field to drift.
 */
public class EmptyStructTolerantMatcher<R extends HasMetadata> extends SSABasedGenericKubernetesResourceMatcher<R> {
    @Override
    protected boolean matches(
            Map<String, Object> actualMap, Map<String, Object> desiredMap, R actual, R desired, Context<?> context) {
        return withoutEmptyStructs(actualMap).equals(withoutEmptyStructs(desiredMap));
    }

    /** A copy without the maps that are empty, or become empty once their own empty maps are gone. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutEmptyStructs(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            Object cleaned = clean(value);
            if (!(cleaned instanceof Map<?, ?> m && m.isEmpty())) {
                result.put(key, cleaned);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object clean(Object value) {
        if (value instanceof Map<?, ?> map) {
            return withoutEmptyStructs((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(EmptyStructTolerantMatcher::clean).toList();
        }
        return value;
    }
}
