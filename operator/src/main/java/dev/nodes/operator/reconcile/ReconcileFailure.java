package dev.nodes.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Optional;

/** The one line that status and the Event say about a reconcile that threw. */
final class ReconcileFailure {
    /** Kubernetes limits a condition message to 32 768 characters; a readable one is much shorter. */
    static final int MAX_LENGTH = 400;

    private ReconcileFailure() {}

    static String describe(Exception e, Optional<RetryInfo> retry) {
        Throwable root = firstOfWorkflow(e);
        // the framework wraps what the reconciler threw; the cause is what an admin can act on
        while (root.getCause() != null
                && root.getCause() != root
                && !(root instanceof KubernetesClientException)
                && root.getMessage() == null) {
            root = root.getCause();
        }
        String what = root instanceof KubernetesClientException k && k.getCode() > 0
                ? "API server answered " + k.getCode() + ": "
                        + firstLine(
                                k.getStatus() != null && k.getStatus().getMessage() != null
                                        ? k.getStatus().getMessage()
                                        : String.valueOf(k.getMessage()))
                : root.getClass().getSimpleName() + ": " + firstLine(String.valueOf(root.getMessage()));
        String attempt = retry.map(r -> r.isLastAttempt()
                        ? " (attempt " + r.getAttemptCount() + ", the last: next at the next change or resync)"
                        : " (attempt " + r.getAttemptCount() + ", retrying)")
                .orElse(" (retrying)");
        String message = "reconcile failed: " + what + attempt;
        return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH - 1) + "…";
    }

    /** A failed dependent: the workflow's aggregate names each with its stack trace; the first cause is enough. */
    private static Throwable firstOfWorkflow(Exception e) {
        if (e instanceof AggregatedOperatorException aggregate
                && !aggregate.getAggregatedExceptions().isEmpty()) {
            return aggregate.getAggregatedExceptions().values().iterator().next();
        }
        return e;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
