package dev.nodes.service.db;

import dev.nodes.service.http.ApiException;
import io.helidon.http.Status;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: the items that arrive while one transaction commits wait for the next, which takes them all (up to
 * {@code maxBatch}) at once. Each caller is answered only after the transaction holding its item has committed,
 * or has failed (with the same exception: nothing of that batch was written, a retry writes it). One committer
 * thread per instance, so batches of one process never contend with each other, and the database does one
 * commit for many requests instead of one each. Under light load a batch is one item and costs what it did.
 *
 * @param <I> what a request contributes
 * @param <O> what it is answered
 */
public final class GroupCommit<I, O> implements AutoCloseable {

    /** Writes a batch in one transaction; one answer per item, in the items' order. */
    public interface Batch<I, O> {
        List<O> commit(List<I> items);
    }

    private record Pending<I, O>(I item, CompletableFuture<O> answer) {}

    /** {@code db_group_commit_batch_size{batch}}: one histogram for all the group commits of a registry. */
    public static final class Metrics {
        private final Histogram batchSizes;

        public Metrics(PrometheusRegistry registry) {
            this.batchSizes = Histogram.builder()
                    .name("db_group_commit_batch_size")
                    .help("Items per group-commit transaction (_count: the transactions, _sum: the items they carried)")
                    .labelNames("batch")
                    .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
                    .register(registry);
        }
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final int maxBatch;
    private final Batch<I, O> batch;
    private final LinkedBlockingQueue<Pending<I, O>> waiting;
    private final DistributionDataPoint batchSizes;
    private final Thread committer;
    private volatile boolean closed;

    /**
     * @param name       the {@code batch} label of {@code db_group_commit_batch_size}, and the thread's name
     * @param maxWaiting items waiting beyond this many are refused at once (503 overloaded), not queued unbounded
     */
    public GroupCommit(String name, int maxBatch, int maxWaiting, Batch<I, O> batch, Metrics metrics) {
        this.maxBatch = maxBatch;
        this.batch = batch;
        this.waiting = new LinkedBlockingQueue<>(maxWaiting);
        this.batchSizes = metrics.batchSizes.labelValues(name);
        this.committer =
                Thread.ofPlatform().daemon().name("group-commit-" + name).start(this::commitLoop);
    }

    /** Waits until the item's transaction committed; its answer, or that transaction's exception. */
    public O submit(I item) {
        Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
        if (closed || !waiting.offer(pending)) {
            throw new ApiException(
                    Status.SERVICE_UNAVAILABLE_503,
                    "overloaded",
                    "the service is overloaded (too many writes waiting for a transaction), try again shortly");
        }
        if (closed && !committer.isAlive() && waiting.remove(pending)) {
            // offered after the committer's last look: nobody would answer it
            throw shuttingDown();
        }
        try {
            return pending.answer().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a group commit", e);
        }
    }

    private void commitLoop() {
        List<Pending<I, O>> taken = new ArrayList<>(maxBatch);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending<I, O> first = waiting.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                waiting.drainTo(taken, maxBatch - 1);
                commit(taken);
            } catch (InterruptedException e) {
                return;
            } finally {
                taken.clear();
            }
        }
    }

    private void commit(List<Pending<I, O>> taken) {
        try {
            List<I> items = new ArrayList<>(taken.size());
            for (Pending<I, O> pending : taken) {
                items.add(pending.item());
            }
            List<O> answers = batch.commit(items);
            if (answers.size() != items.size()) {
                throw new IllegalStateException(answers.size() + " answers for " + items.size() + " items");
            }
            batchSizes.observe(items.size());
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).answer().complete(answers.get(i));
            }
        } catch (RuntimeException e) {
            for (Pending<I, O> pending : taken) {
                pending.answer().completeExceptionally(e);
            }
        }
    }

    private static ApiException shuttingDown() {
        return new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable", "the service is shutting down");
    }

    /** Stops accepting items, commits those already waiting, and stops. */
    @Override
    public void close() {
        // no interrupt: it could cut a commit short; the loop sees the flag within its poll timeout
        closed = true;
        try {
            committer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending<I, O> left;
        while ((left = waiting.poll()) != null) {
            left.answer().completeExceptionally(shuttingDown());
        }
    }
}
