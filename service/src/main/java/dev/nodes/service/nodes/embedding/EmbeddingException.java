package dev.nodes.service.nodes.embedding;

/** A provider could not produce an embedding. {@link #retryable()} says whether trying again later may help. */
public final class EmbeddingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** How the request ended, as counted in {@code nodes_embedding_requests_total{result}}. */
    public enum Kind {
        ERROR,
        TIMEOUT
    }

    private final Kind kind;
    private final boolean retryable;

    public EmbeddingException(Kind kind, boolean retryable, String message) {
        this(kind, retryable, message, null);
    }

    public EmbeddingException(Kind kind, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }
}
