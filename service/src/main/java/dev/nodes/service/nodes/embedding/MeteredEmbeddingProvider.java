package dev.nodes.service.nodes.embedding;

/** Counts and times every call of the provider it wraps. */
final class MeteredEmbeddingProvider implements EmbeddingProvider {
    private final EmbeddingProvider delegate;
    private final EmbeddingMetrics metrics;

    MeteredEmbeddingProvider(EmbeddingProvider delegate, EmbeddingMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String model() {
        return delegate.model();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public float[] embed(EmbeddingInput input) throws EmbeddingException, InterruptedException {
        long start = System.nanoTime();
        try {
            float[] vector = delegate.embed(input);
            metrics.record(name(), EmbeddingMetrics.SUCCESS, elapsed(start));
            return vector;
        } catch (EmbeddingException e) {
            String result =
                    e.kind() == EmbeddingException.Kind.TIMEOUT ? EmbeddingMetrics.TIMEOUT : EmbeddingMetrics.ERROR;
            metrics.record(name(), result, elapsed(start));
            throw e;
        }
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
