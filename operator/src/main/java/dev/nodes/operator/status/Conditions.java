package dev.nodes.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sets conditions so that lastTransitionTime changes only when the status (True/False/Unknown) does. */
public final class Conditions {
    private Conditions() {}

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Returns the new list; {@code previous} is left untouched. */
    public static List<Condition> set(
            List<Condition> current,
            List<Condition> previous,
            String type,
            String value,
            String reason,
            String message,
            long generation,
            String now) {
        String transition = find(previous, type)
                .filter(p -> value.equals(p.getStatus()) && p.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime)
                .orElse(now);
        Condition condition = new ConditionBuilder()
                .withType(type)
                .withStatus(value)
                .withReason(reason)
                .withMessage(message == null ? "" : message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
        List<Condition> result = new ArrayList<>(current);
        result.removeIf(c -> type.equals(c.getType()));
        result.add(condition);
        return result;
    }
}
