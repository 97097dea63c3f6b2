package dev.nodes.service.nodes.embedding;

import io.helidon.dbclient.DbExecute;

/**
 * The nodes code's side of the embedding queue: asks for a node's embedding to be (re)computed, inside the
 * caller's transaction, so a job exists exactly when the change that needs it was committed.
 */
public final class EmbeddingJobs {
    public static final String PENDING = "pending";
    public static final String DISABLED = "disabled";

    private final boolean enabled;
    private final EmbeddingMetrics metrics;

    EmbeddingJobs(boolean enabled, EmbeddingMetrics metrics) {
        this.enabled = enabled;
        this.metrics = metrics;
    }

    /**
     * Queues a refresh of the node's embedding and sets its {@code embedding_status} to {@code pending}; with the
     * {@code disabled} provider queues nothing and sets {@code disabled}. A job already queued for the node
     * (not yet claimed by a worker) is that refresh: no second one is added. Call it when a node is created, when
     * its title, content or tags change, and on an explicit refresh; after the commit, invalidate the node's cache
     * entry as for any write and call {@link Embeddings#wakeUp()}.
     *
     * @return the node's {@code embedding_status} now: {@link #PENDING} or {@link #DISABLED}
     */
    public String enqueue(DbExecute tx, long nodeId) {
        if (!enabled) {
            EmbeddingJobRepository.markDisabled(tx, nodeId);
            metrics.disabled();
            return DISABLED;
        }
        EmbeddingJobRepository.queue(tx, nodeId);
        return PENDING;
    }
}
