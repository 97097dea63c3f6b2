package dev.nodes.service.nodes;

import io.helidon.dbclient.DbExecute;

/** How node writes ask for a fresh embedding: a durable job written in the same transaction as the change. */
public interface EmbeddingScheduler {

    /** Queues a refresh of the node's embedding in the caller's transaction (sets embedding_status). */
    void schedule(DbExecute tx, long nodeId);

    /** The embedding_status a new node starts with: {@code pending}, or {@code disabled} when embeddings are off. */
    String initialStatus();

    /** Tells local workers that a job is waiting, after the commit, so they need not wait for their next poll. */
    void wakeUp();
}
