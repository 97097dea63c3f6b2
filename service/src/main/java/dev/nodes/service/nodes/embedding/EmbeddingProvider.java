package dev.nodes.service.nodes.embedding;

/**
 * Turns a node's text into a vector of {@link #dimensions()} floats. Implementations are thread-safe: a worker
 * embeds several nodes at once.
 */
public interface EmbeddingProvider extends AutoCloseable {

    /** The provider's label in metrics: {@code hashing} or {@code openai}. */
    String name();

    /** Stored in {@code nodes.embedding_model}, so vectors of different models are never compared by mistake. */
    String model();

    int dimensions();

    /**
     * @return exactly {@link #dimensions()} values
     * @throws EmbeddingException when no vector could be produced (after the provider's own retries, if any)
     * @throws InterruptedException when the calling thread is interrupted (the worker is stopping)
     */
    float[] embed(EmbeddingInput input) throws EmbeddingException, InterruptedException;

    @Override
    default void close() {}
}
