package dev.nodes.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The conditions of one composed status, all for one generation. A condition set here was computed for that
 * generation; one this reconcile did not evaluate is kept only if it was computed for the same generation (the
 * spec it answered is still the spec), else it turns {@code Unknown/NotEvaluated} for this generation and says why
 * and what it was, so that no condition claims a generation it was not computed for, nor lags one.
 */
final class ConditionsBuilder {
    static final List<String> ORDER = List.of(
            ConditionType.READY,
            ConditionType.MIGRATED,
            ConditionType.REDIS_CONFIGURED,
            ConditionType.REGRESSION_DETECTED,
            ConditionType.PROFILING);
    private final List<Condition> previous;
    private final long generation;
    private final String now;
    private List<Condition> current = new ArrayList<>();

    ConditionsBuilder(List<Condition> previous, long generation, String now) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation;
        this.now = now;
    }

    void set(String type, String status, String reason, String message) {
        current = Conditions.set(current, previous, type, status, reason, message, generation, now);
    }

    /** The previous condition of this type, if it was computed for this reconcile's generation. */
    Optional<Condition> ofThisGeneration(String type) {
        return Conditions.find(previous, type).filter(c -> Objects.equals(c.getObservedGeneration(), generation));
    }

    /** Not evaluated in this reconcile, because of {@code why}. */
    void notEvaluated(String type, String why) {
        Optional<Condition> kept = ofThisGeneration(type);
        if (kept.isPresent()) {
            current.add(kept.get());
            return;
        }
        String before = Conditions.find(previous, type)
                .filter(c -> !StatusComposer.NOT_EVALUATED.equals(c.getReason()))
                .map(c -> " (was " + c.getStatus() + "/" + c.getReason() + " for generation "
                        + c.getObservedGeneration()
                        + (c.getMessage() == null || c.getMessage().isEmpty() ? "" : ": " + c.getMessage()) + ")")
                .orElse("");
        set(
                type,
                "Unknown",
                StatusComposer.NOT_EVALUATED,
                "not evaluated for generation " + generation + ": " + why + before);
    }

    /**
     * Kept as it was: between windows, a window's word for this generation; after a failed reconcile, whatever
     * generation it was computed for ({@code Ready} says why the others were not re-evaluated).
     */
    void keep(String type) {
        Conditions.find(previous, type).ifPresent(current::add);
    }

    List<Condition> ordered() {
        List<Condition> result = new ArrayList<>();
        for (String type : ORDER) {
            Conditions.find(current, type).ifPresent(result::add);
        }
        return result;
    }
}
