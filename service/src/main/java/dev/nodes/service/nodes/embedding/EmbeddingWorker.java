package dev.nodes.service.nodes.embedding;

import dev.nodes.service.db.Database;
import dev.nodes.service.nodes.embedding.EmbeddingJobRepository.ClaimedJob;
import dev.nodes.service.nodes.embedding.EmbeddingJobRepository.Computed;
import dev.nodes.service.nodes.embedding.EmbeddingJobRepository.NodeText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Computes queued node embeddings on a virtual thread. Any number of workers, in one process or many, share the
 * queue: jobs are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, so each is processed by one worker at a
 * time and a job whose worker died is taken over once its lease has expired. A round costs a few statements
 * whatever its size (claim, load, one transaction storing every vector and finishing every job): with a load and
 * a transaction per job, each holding a pooled connection the requests wanted, the hashing provider's drain fell
 * to 40-75 jobs/s while nodes were being created.
 *
 * <p>After a node's row changed (vector stored, or marked failed) and that was committed, the callback gets the
 * node's id and slug: the nodes cache must drop its copy.
 */
public final class EmbeddingWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddingWorker.class.getName());
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
    private static final Duration DONE_RETENTION = Duration.ofDays(1);
    private static final Duration FAILED_RETENTION = Duration.ofDays(7);
    private static final Backoff DATABASE_ERROR_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));

    private final EmbeddingJobRepository queue;
    private final EmbeddingProvider provider;
    private final WorkerSettings settings;
    private final BiConsumer<Long, String> onNodeChanged;
    private final String workerId;
    private final Semaphore wake = new Semaphore(0);

    private volatile boolean running;
    private Thread thread;
    private long nextLeaseCheck;
    private long nextPrune;

    public EmbeddingWorker(
            Database database,
            EmbeddingProvider provider,
            WorkerSettings settings,
            BiConsumer<Long, String> onNodeChanged) {
        this.workerId = workerIdentity();
        this.queue = new EmbeddingJobRepository(database, workerId);
        this.provider = provider;
        this.settings = settings;
        this.onNodeChanged = onNodeChanged;
    }

    /** Starts polling on a virtual thread; a second call does nothing. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        long now = System.nanoTime();
        nextLeaseCheck = now;
        nextPrune = now;
        thread = Thread.ofVirtual()
                .name("embedding-worker-" + workerId)
                .uncaughtExceptionHandler((t, e) -> LOG.log(
                        System.Logger.Level.ERROR,
                        "embedding worker " + workerId + " died; queued jobs wait for another worker",
                        e))
                .start(this::loop);
        LOG.log(
                System.Logger.Level.INFO,
                "embedding worker {0} started (provider {1}, model {2})",
                workerId,
                provider.name(),
                provider.model());
    }

    /** Looks for due jobs now instead of at the next poll; call it after committing an enqueue. */
    public void wakeUp() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /**
     * Stops polling and lets the jobs in hand finish (up to the grace period); jobs still running after that are
     * interrupted and handed back to the queue.
     */
    public void stop() {
        Thread stopping;
        synchronized (this) {
            stopping = thread;
            thread = null;
            running = false;
        }
        if (stopping == null) {
            return;
        }
        wake.release();
        try {
            if (!stopping.join(settings.stopGrace())) {
                stopping.interrupt();
                if (!stopping.join(Duration.ofSeconds(5))) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "embedding worker {0} did not stop; its jobs will be "
                                    + "taken over when their lease expires",
                            workerId);
                }
            }
        } catch (InterruptedException e) {
            stopping.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void loop() {
        int failuresInARow = 0;
        while (running) {
            boolean batchWasFull;
            try {
                batchWasFull = runOnce();
                failuresInARow = 0;
            } catch (RuntimeException e) {
                failuresInARow++;
                LOG.log(System.Logger.Level.WARNING, "embedding worker cannot reach the job queue: " + e.getMessage());
                if (!pause(DATABASE_ERROR_BACKOFF.delay(failuresInARow))) {
                    return;
                }
                continue;
            }
            if (!batchWasFull && running && !pause(settings.idlePoll())) {
                return;
            }
        }
    }

    /** Waits for the timeout or a wake-up; false when interrupted (stopping). */
    private boolean pause(Duration timeout) {
        try {
            wake.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            wake.drainPermits();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** One round: claims a batch and processes it. True when the batch was full (more work is likely waiting). */
    private boolean runOnce() {
        long now = System.nanoTime();
        List<ClaimedJob> jobs = new ArrayList<>();
        if (now - nextLeaseCheck >= 0) {
            nextLeaseCheck = now + settings.leaseCheckInterval().toNanos();
            jobs.addAll(queue.claimExpired(settings.batchSize(), settings.lease()));
        }
        if (jobs.size() < settings.batchSize()) {
            jobs.addAll(queue.claimDue(settings.batchSize() - jobs.size(), settings.lease()));
        }
        if (now - nextPrune >= 0) {
            nextPrune = now + PRUNE_INTERVAL.toNanos();
            queue.prune(DONE_RETENTION, FAILED_RETENTION);
        }
        if (!jobs.isEmpty()) {
            process(jobs);
        }
        return jobs.size() >= settings.batchSize();
    }

    /**
     * The batch in a few statements: its nodes loaded in one query, the vectors stored and the jobs finished in one
     * transaction, then the cache told. Provider failures are handled job by job, as before.
     */
    private void process(List<ClaimedJob> jobs) {
        try {
            List<ClaimedJob> live = new ArrayList<>();
            for (ClaimedJob job : jobs) {
                if (job.attempts() > settings.maxAttempts()) {
                    // taken over after its worker died once too often: this job may be what kills workers
                    fail(
                            job,
                            "gave up after " + settings.maxAttempts()
                                    + " attempts: the worker stopped while embedding");
                } else {
                    live.add(job);
                }
            }
            Map<Long, NodeText> nodes =
                    queue.loadNodes(live.stream().map(ClaimedJob::nodeId).toList());
            List<ClaimedJob> gone = live.stream()
                    .filter(job -> !nodes.containsKey(job.nodeId()))
                    .toList();
            List<Computed> computed = embedAll(
                    live.stream().filter(job -> nodes.containsKey(job.nodeId())).toList(), nodes);
            // a stop that interrupted the embedding still stores what was computed
            boolean interrupted = Thread.interrupted();
            try {
                queue.storeAll(computed, gone, provider.model()).forEach(this::nodeChanged);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (RuntimeException e) {
            // the database failed us mid-way: the jobs stay claimed and are taken over when their lease expires
            LOG.log(
                    System.Logger.Level.WARNING,
                    "embedding batch of " + jobs.size() + " job(s) interrupted by an "
                            + "error; they are retried after their lease: " + e.getMessage(),
                    e);
        }
    }

    /** Embeds each job's node text, concurrently when there are several (remote providers mostly wait). */
    private List<Computed> embedAll(List<ClaimedJob> jobs, Map<Long, NodeText> nodes) {
        if (jobs.size() == 1) {
            return embed(jobs.getFirst(), nodes.get(jobs.getFirst().nodeId())).stream()
                    .toList();
        }
        List<Future<Optional<Computed>>> futures = new ArrayList<>();
        try (ExecutorService perJob = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ClaimedJob job : jobs) {
                futures.add(perJob.submit(() -> embed(job, nodes.get(job.nodeId()))));
            }
        }
        List<Computed> computed = new ArrayList<>();
        for (Future<Optional<Computed>> future : futures) {
            switch (future.state()) {
                case SUCCESS -> future.resultNow().ifPresent(computed::add);
                // requeue or fail could not reach the database: that job is taken over after its lease
                case FAILED ->
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "embedding job interrupted by an error; it is " + "retried after its lease: "
                                    + future.exceptionNow().getMessage());
                default -> {}
            }
        }
        return computed;
    }

    /** The vector, or empty when the job was requeued or failed here. */
    private Optional<Computed> embed(ClaimedJob job, NodeText node) {
        float[] vector;
        try {
            vector = provider.embed(node.input());
        } catch (EmbeddingException e) {
            failedAttempt(job, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            // stopping: hand the job back now instead of letting its lease run out
            queue.requeue(job, Duration.ZERO, "worker stopped while embedding", false);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (vector.length != provider.dimensions()) {
            fail(
                    job,
                    "provider " + provider.name() + " returned " + vector.length + " values instead of "
                            + provider.dimensions());
            return Optional.empty();
        }
        return Optional.of(new Computed(job, node, vector));
    }

    private void failedAttempt(ClaimedJob job, EmbeddingException e) {
        if (e.retryable() && job.attempts() < settings.maxAttempts()) {
            queue.requeue(job, settings.retryBackoff().delay(job.attempts()), truncated(e.getMessage()), true);
            return;
        }
        fail(job, e.getMessage());
    }

    private void fail(ClaimedJob job, String error) {
        LOG.log(
                System.Logger.Level.WARNING,
                "embedding of node {0} failed after {1} attempt(s): {2}",
                String.valueOf(job.nodeId()),
                job.attempts(),
                error);
        queue.fail(job, truncated(error)).ifPresent(slug -> nodeChanged(job.nodeId(), slug));
    }

    private void nodeChanged(long nodeId, String slug) {
        try {
            onNodeChanged.accept(nodeId, slug);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "invalidation after the embedding of node " + nodeId + " failed: " + e.getMessage());
        }
    }

    private static String truncated(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static String workerIdentity() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME"))
                .filter(h -> !h.isBlank())
                .orElse("local");
        return host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
