package dev.nodes.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileFailureTest {
    static Optional<RetryInfo> attempt(int n, boolean last) {
        return Optional.of(new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return n;
            }

            @Override
            public boolean isLastAttempt() {
                return last;
            }
        });
    }

    @Test
    void anApiErrorSaysTheCodeAndTheServersMessage() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder()
                .withCode(403)
                .withMessage("jobs.batch is forbidden: User \"x\" cannot create resource \"jobs\"\nmore")
                .build());
        assertEquals(
                "reconcile failed: API server answered 403: jobs.batch is forbidden: User \"x\" cannot create resource \"jobs\" (attempt 2, retrying)",
                ReconcileFailure.describe(forbidden, attempt(2, false)));
    }

    @Test
    void aWrappedFailureNamesItsCauseAndTheLastAttemptSaysWhatComesNext() {
        RuntimeException wrapped =
                new RuntimeException(null, new IllegalStateException("Redis at redis:6379 did not answer\nstack"));
        assertEquals(
                "reconcile failed: IllegalStateException: Redis at redis:6379 did not answer (attempt 5, the last: next at the next change or resync)",
                ReconcileFailure.describe(wrapped, attempt(5, true)));
    }

    @Test
    void aDependentThatFailedInTheWorkflowIsDescribedByItsCause() {
        KubernetesClientException forbidden = new KubernetesClientException(new StatusBuilder()
                .withCode(403)
                .withMessage("jobs.batch is forbidden")
                .build());
        AggregatedOperatorException workflow = new AggregatedOperatorException(
                "Exception(s) during workflow execution.", Map.of("migration", forbidden));
        assertEquals(
                "reconcile failed: API server answered 403: jobs.batch is forbidden (attempt 1, retrying)",
                ReconcileFailure.describe(workflow, attempt(1, false)));
    }

    @Test
    void aLongMessageIsCut() {
        String message = ReconcileFailure.describe(new IllegalArgumentException("x".repeat(2000)), Optional.empty());
        assertEquals(ReconcileFailure.MAX_LENGTH, message.length());
        assertTrue(message.endsWith("…"));
    }
}
