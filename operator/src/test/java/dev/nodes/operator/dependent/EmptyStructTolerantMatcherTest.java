package dev.nodes.operator.dependent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmptyStructTolerantMatcherTest {
    @Test
    void anEmptyDirAppliedEmptyMatchesTheVolumeAsKubernetes120RecordsIt() {
        Map<String, Object> desired =
                Map.of("spec", Map.of("volumes", List.of(Map.of("name", "tmp", "emptyDir", Map.of()))));
        Map<String, Object> prunedActual = Map.of("spec", Map.of("volumes", List.of(Map.of("name", "tmp"))));
        assertEquals(
                EmptyStructTolerantMatcher.withoutEmptyStructs(prunedActual),
                EmptyStructTolerantMatcher.withoutEmptyStructs(desired));
    }

    @Test
    void aValueThatDiffersStillDiffers() {
        Map<String, Object> desired = Map.of("spec", Map.of("replicas", 3, "template", Map.of()));
        Map<String, Object> scaledByHand = Map.of("spec", Map.of("replicas", 7));
        assertNotEquals(
                EmptyStructTolerantMatcher.withoutEmptyStructs(scaledByHand),
                EmptyStructTolerantMatcher.withoutEmptyStructs(desired));
    }
}
