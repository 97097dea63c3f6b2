package dev.nodes.service.nodes.embedding;

import dev.nodes.service.config.AppConfig;
import dev.nodes.service.config.AppConfig.EmbeddingSettings;
import dev.nodes.service.db.Database;
import dev.nodes.service.nodes.EmbeddingScheduler;
import io.helidon.dbclient.DbExecute;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BiConsumer;

/**
 * The embedding feature as the application sees it: {@link #jobs()} for the nodes code to queue refreshes,
 * {@link #start()} for the worker (when {@code APP_WORKERS_ENABLED}), {@link #wakeUp()} after an enqueue commits.
 * With {@code APP_EMBEDDING_PROVIDER=disabled} nodes are marked {@code disabled} and no worker runs.
 */
public final class Embeddings implements EmbeddingScheduler, AutoCloseable {
    private final EmbeddingJobs jobs;
    private final EmbeddingProvider provider;
    private final EmbeddingWorker worker;

    private Embeddings(EmbeddingJobs jobs, EmbeddingProvider provider, EmbeddingWorker worker) {
        this.jobs = jobs;
        this.provider = provider;
        this.worker = worker;
    }

    /**
     * @param onNodeChanged called with a node's id and slug after an embedding result (vector stored, or
     *                      {@code failed}) was committed: invalidate the node's cache entries there
     */
    public static Embeddings create(
            AppConfig config, Database database, PrometheusRegistry registry, BiConsumer<Long, String> onNodeChanged) {
        return create(
                config.embedding(), WorkerSettings.defaults(config.embedding()), database, registry, onNodeChanged);
    }

    static Embeddings create(
            EmbeddingSettings settings,
            WorkerSettings workerSettings,
            Database database,
            PrometheusRegistry registry,
            BiConsumer<Long, String> onNodeChanged) {
        EmbeddingMetrics metrics = new EmbeddingMetrics(registry, settings.provider());
        EmbeddingProvider provider = switch (settings.provider()) {
            case "hashing" -> new HashingEmbeddingProvider(settings.dimensions());
            case "openai" -> new OpenAiEmbeddingProvider(settings);
            case "disabled" -> null;
            default -> throw new IllegalArgumentException("unknown embedding provider " + settings.provider());
        };
        if (provider == null) {
            return new Embeddings(new EmbeddingJobs(false, metrics), null, null);
        }
        EmbeddingProvider metered = new MeteredEmbeddingProvider(provider, metrics);
        return new Embeddings(
                new EmbeddingJobs(true, metrics),
                metered,
                new EmbeddingWorker(database, metered, workerSettings, onNodeChanged));
    }

    public EmbeddingJobs jobs() {
        return jobs;
    }

    @Override
    public void schedule(DbExecute tx, long nodeId) {
        jobs.enqueue(tx, nodeId);
    }

    @Override
    public String initialStatus() {
        return provider == null ? EmbeddingJobs.DISABLED : EmbeddingJobs.PENDING;
    }

    /** Starts the worker of this process; does nothing with the disabled provider. */
    public void start() {
        if (worker != null) {
            worker.start();
        }
    }

    /** Lets the local worker (if running) look for jobs now; workers of other replicas find them at their next poll. */
    @Override
    public void wakeUp() {
        if (worker != null) {
            worker.wakeUp();
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.stop();
        }
        if (provider != null) {
            provider.close();
        }
    }
}
