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
            tx.dml("UPDATE nodes SET embedding_status = 'disabled' WHERE id = ?", nodeId);
            metrics.disabled();
            return DISABLED;
        }
        queue(tx, nodeId);
        return PENDING;
    }

    /**
     * Marks the node pending and inserts the queued job, unless one is queued already (partial unique index).
     * The node row is locked first, as every writer of nodes and jobs does: one lock order, no deadlock.
     */
    static void queue(DbExecute tx, long nodeId) {
        long nodes = tx.dml("UPDATE nodes SET embedding_status = 'pending' WHERE id = ?", nodeId);
        if (nodes == 0) {
            throw new IllegalArgumentException("no node " + nodeId + " to compute an embedding for");
        }
        tx.dml("""
                INSERT INTO embedding_jobs (node_id) VALUES (?)
                ON CONFLICT (node_id) WHERE status = 'queued' DO NOTHING""", nodeId);
    }
}
