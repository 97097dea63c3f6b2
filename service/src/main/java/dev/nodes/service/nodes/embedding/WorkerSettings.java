package dev.nodes.service.nodes.embedding;

import dev.nodes.service.config.AppConfig.EmbeddingSettings;
import java.time.Duration;

/**
 * How the embedding worker polls and retries.
 *
 * @param batchSize          jobs claimed per round, embedded concurrently and stored in one transaction; a full
 *                           batch polls again at once
 * @param idlePoll           wait after a round that was not full, unless {@link EmbeddingWorker#wakeUp()} is called
 * @param lease              how long a claimed job stays this worker's; it must outlast one provider call with retries
 * @param leaseCheckInterval how often jobs of dead workers (lease expired) are looked for
 * @param maxAttempts        attempts of a job before the node is marked {@code failed}
 * @param retryBackoff       wait before the next attempt of a job whose provider call failed
 * @param stopGrace          how long {@link EmbeddingWorker#stop()} lets the current round finish before interrupting
 */
public record WorkerSettings(
        int batchSize,
        Duration idlePoll,
        Duration lease,
        Duration leaseCheckInterval,
        int maxAttempts,
        Backoff retryBackoff,
        Duration stopGrace) {

    public WorkerSettings {
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("batchSize and maxAttempts must be positive");
        }
    }

    /**
     * A local provider costs only CPU, so large batches amortise the statements; a remote one gets at most 8
     * concurrent calls per worker (its rate limits).
     */
    private static int batchSize(String provider) {
        return "hashing".equals(provider) ? 64 : 8;
    }

    /** Production defaults; the lease covers the provider's worst case (every attempt timing out) plus margin. */
    public static WorkerSettings defaults(EmbeddingSettings embedding) {
        Duration perAttempt = embedding.timeout().plus(embedding.connectTimeout());
        Duration providerWorstCase = perAttempt
                .multipliedBy(embedding.retries() + 1)
                .plus(OpenAiEmbeddingProvider.DEFAULT_BACKOFF.max().multipliedBy(embedding.retries()));
        return new WorkerSettings(
                batchSize(embedding.provider()),
                Duration.ofMillis(250),
                providerWorstCase.plusSeconds(30),
                Duration.ofSeconds(5),
                5,
                new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)),
                Duration.ofSeconds(10));
    }
}
