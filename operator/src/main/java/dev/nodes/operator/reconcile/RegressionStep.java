package dev.nodes.operator.reconcile;

import dev.nodes.operator.child.ChildMetadata;
import dev.nodes.operator.dependent.MigrationJobDependent;
import dev.nodes.operator.deployment.ServiceDeploymentBuilder;
import dev.nodes.operator.events.EventRecorder;
import dev.nodes.operator.migration.MigrationDecision;
import dev.nodes.operator.profiling.BaselineCaptures;
import dev.nodes.operator.profiling.JobNumber;
import dev.nodes.operator.profiling.ProfilingJobBuilder;
import dev.nodes.operator.profiling.ProfilingOutcome;
import dev.nodes.operator.redis.RedisConfigurator;
import dev.nodes.operator.redis.RedisTarget;
import dev.nodes.operator.resource.Baseline;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.resource.NodesPlatformSpec;
import dev.nodes.operator.resource.NodesPlatformStatus;
import dev.nodes.operator.resource.ProfilingRun;
import dev.nodes.operator.resource.RolloutRecord;
import dev.nodes.operator.runtime.OperatorMetrics;
import dev.nodes.operator.status.ConditionType;
import dev.nodes.operator.status.Conditions;
import dev.nodes.operator.status.WatchFacts;
import dev.nodes.operator.watch.Format;
import dev.nodes.operator.watch.MetricsScraper;
import dev.nodes.operator.watch.RedisMemory;
import dev.nodes.operator.watch.RegressionWatch;
import dev.nodes.operator.watch.RolloutTracker;
import dev.nodes.operator.watch.ServiceEndpoints;
import dev.nodes.operator.watch.WatchDecision;
import dev.nodes.operator.watch.WatchDecision.Verdict;
import dev.nodes.operator.watch.WatchThresholds;
import dev.nodes.operator.watch.WindowReading;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Steps 6 and 7 of the operator spec: the regression watch (every window) and the profiling Job it
 * starts, and the reading of a finished Job's outcome (every reconcile). It returns what it found and decided
 * ({@link WatchFacts}); the status and the conditions made of it are {@code StatusComposer}'s.
 */
final class RegressionStep {
    /** A Job recorded in status but absent from the cache this long after its start is taken as gone. */
    static final Duration JOB_GONE_AFTER = Duration.ofMinutes(1);

    /** The result of a reconcile's watch step: what it found and when the next window is due. */
    record Result(WatchFacts facts, Duration nextWindowIn) {}

    private final KubernetesClient client;
    private final RegressionWatch watch;
    private final RedisConfigurator redis;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final ServiceEndpoints serviceEndpoints;

    RegressionStep(
            KubernetesClient client,
            RegressionWatch watch,
            RedisConfigurator redis,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock) {
        this.client = client;
        this.watch = watch;
        this.redis = redis;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.serviceEndpoints = new ServiceEndpoints(client);
    }

    Result run(
            NodesPlatform np,
            Context<NodesPlatform> context,
            boolean paused,
            MigrationDecision migration,
            Deployment deployment,
            boolean rolledOut,
            Optional<RedisTarget> redisTarget) {
        NodesPlatformSpec spec = np.getSpec();
        NodesPlatformStatus prev = np.getStatus() == null ? new NodesPlatformStatus() : np.getStatus();
        WatchThresholds thresholds = WatchThresholds.of(spec.profiling);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String nowText = nowText(now);

        // the profiling Jobs of this NodesPlatform, and the outcome of the last one once it ended
        List<Job> jobs = context.getSecondaryResources(Job.class).stream()
                .filter(j -> j.getMetadata()
                        .getName()
                        .startsWith(ChildMetadata.profilingJobPrefix(
                                np.getMetadata().getName())))
                .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
                .toList();
        ProfilingRun adopted = adoptNewerJob(np, prev.lastProfiling, jobs);
        String profiledAtSoFar = adopted != prev.lastProfiling && ProfilingJobBuilder.MODE_PROFILE.equals(adopted.mode)
                ? adopted.startedAt
                : prev.profiledAt;
        ProfilingRun lastProfiling = finishLastRun(np, adopted, jobs, now, nowText);
        Job running = jobs.stream()
                .filter(j -> !ProfilingOutcome.finished(j))
                .findFirst()
                .orElse(null);
        // a finished baseline Job gives the rollout's baseline its capture
        Baseline baselineSoFar = BaselineCaptures.withFinished(prev.baseline, lastProfiling);

        if (deployment == null) {
            return new Result(
                    new WatchFacts(
                            baselineSoFar,
                            null,
                            lastProfiling,
                            profiledAtSoFar,
                            false,
                            thresholds.enabled(),
                            runningJob(running),
                            null,
                            null,
                            null),
                    null);
        }

        RolloutRecord rollout = RolloutTracker.observe(
                prev.rollout,
                identity(spec, migration, deployment, prev.rollout),
                thresholds.benchmarkAfterMigration(),
                nowText);
        if (rollout != prev.rollout) {
            if (rollout.profileDue != null) {
                events.normal(
                        np,
                        "ProfilingScheduled",
                        "rollout " + rollout.id + ": profile once stable: " + rollout.profileDue);
            }
            if (rollout.benchmarkDue != null
                    && (prev.rollout == null || !rollout.benchmarkDue.equals(prev.rollout.benchmarkDue))) {
                events.normal(
                        np,
                        "BenchmarkScheduled",
                        "rollout " + rollout.id + ": " + rollout.benchmarkDue + ", once stable");
            }
        }

        String uid = np.getMetadata().getUid();
        Duration untilDue = watch.untilDue(uid, thresholds.window(), now);
        if (!untilDue.isZero()) {
            return new Result(
                    new WatchFacts(
                            baselineSoFar,
                            rollout,
                            lastProfiling,
                            profiledAtSoFar,
                            true,
                            thresholds.enabled(),
                            runningJob(running),
                            null,
                            null,
                            nowText(now.plus(untilDue))),
                    untilDue);
        }

        // a window is due: scrape, read, decide
        long started = System.nanoTime();
        String service = ChildMetadata.serviceName(np);
        Optional<List<MetricsScraper.Target>> endpoints = Optional.empty();
        String endpointsError = null;
        try {
            endpoints = serviceEndpoints.read(np.getMetadata().getNamespace(), service);
        } catch (KubernetesClientException e) {
            endpointsError = "cannot read EndpointSlices " + service + ": HTTP " + e.getCode() + " " + e.getMessage();
        }
        RedisMemory memory = redisTarget.map(redis::memory).orElse(null);
        String stableRollout = rolledOut ? rollout.id : null;
        RegressionWatch.Evaluation evaluation = endpointsError != null
                ? new RegressionWatch.Evaluation(
                        WindowReading.unavailable(
                                now,
                                endpointsError,
                                memory == null ? null : memory.ratio(),
                                memory == null ? null : memory.note()),
                        false)
                : watch.evaluate(uid, service, endpoints, stableRollout, memory, now);
        metrics.watchWindow(
                evaluation.reading().isUnavailable()
                        ? "unavailable"
                        : evaluation.reading().priming() ? "priming" : "read",
                System.nanoTime() - started);

        Instant profiledAt = profiledAtSoFar == null ? null : Instant.parse(profiledAtSoFar);
        WatchDecision decision = WatchDecision.decide(new WatchDecision.Input(
                thresholds,
                paused,
                evaluation.reading(),
                evaluation.stable(),
                rollout,
                baselineSoFar,
                running == null ? null : running.getMetadata().getName(),
                profiledAt,
                now));
        report(
                np,
                prev,
                decision,
                running == null ? null : running.getMetadata().getName());

        String profiledAtText = profiledAtSoFar;
        Baseline baseline = decision.baseline();
        if (decision.action() != WatchDecision.Action.NONE) {
            String mode = switch (decision.action()) {
                case START_PROFILE -> ProfilingJobBuilder.MODE_PROFILE;
                case START_BASELINE -> ProfilingJobBuilder.MODE_BASELINE;
                default -> ProfilingJobBuilder.MODE_BENCHMARK;
            };
            Job created = startJob(
                    np,
                    context,
                    deployment,
                    mode,
                    decision.jobReason(),
                    jobs,
                    lastProfiling,
                    BaselineCaptures.toCompareWith(baseline));
            if (created != null) {
                if (ProfilingJobBuilder.MODE_BASELINE.equals(mode)) {
                    baseline = BaselineCaptures.taking(
                            baseline, created.getMetadata().getName());
                }
                running = created;
                lastProfiling = new ProfilingRun();
                lastProfiling.job = created.getMetadata().getName();
                lastProfiling.mode = mode;
                lastProfiling.reason = ProfilingJobBuilder.trim(decision.jobReason());
                lastProfiling.startedAt = nowText;
                if (ProfilingJobBuilder.MODE_PROFILE.equals(mode)) {
                    profiledAtText = nowText;
                }
                rollout = decision.rollout();
            }
        } else {
            rollout = decision.rollout();
        }
        return new Result(
                new WatchFacts(
                        baseline,
                        rollout,
                        lastProfiling,
                        profiledAtText,
                        true,
                        thresholds.enabled(),
                        runningJob(running),
                        evaluation.reading(),
                        decision,
                        nowText(now.plus(thresholds.window()))),
                thresholds.window());
    }

    private static String nowText(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static WatchFacts.RunningJob runningJob(Job running) {
        if (running == null) {
            return null;
        }
        Map<String, String> a = running.getMetadata().getAnnotations() == null
                ? Map.of()
                : running.getMetadata().getAnnotations();
        return new WatchFacts.RunningJob(
                running.getMetadata().getName(),
                a.getOrDefault(ProfilingJobBuilder.MODE_ANNOTATION, "?"),
                a.getOrDefault(ProfilingJobBuilder.REASON_ANNOTATION, ""));
    }

    private static RolloutTracker.Identity identity(
            NodesPlatformSpec spec, MigrationDecision migration, Deployment deployment, RolloutRecord previous) {
        String image = ServiceDeploymentBuilder.currentImage(deployment);
        Map<String, String> annotations =
                deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        String configHash = annotations == null ? null : annotations.get(ChildMetadata.CONFIG_HASH);
        String migrationHash = null;
        String migrationJob = null;
        if (migration != null
                && migration.action() == MigrationDecision.Action.SUCCEEDED
                && migration.status() != null
                && Objects.equals(image, migration.status().image)) {
            migrationHash = migration.status().hash;
            migrationJob = migration.status().job;
        } else if (migration != null
                && migration.action() != MigrationDecision.Action.DISABLED
                && previous != null
                && Objects.equals(image, previous.image)) {
            // a newer image migrates meanwhile: the running image keeps the migration it was rolled out with
            migrationHash = previous.migrationHash;
            migrationJob = previous.migrationJob;
        }
        String embedding = RolloutTracker.embedding(
                spec.embedding.provider.value(), spec.embedding.model, spec.embedding.timeoutMillis);
        return new RolloutTracker.Identity(image, configHash, migrationHash, migrationJob, embedding);
    }

    /**
     * A profiling Job newer than the one status names (its status write was lost, say) becomes the
     * last run, so that its outcome is read and the cooldown counts from it.
     */
    private static ProfilingRun adoptNewerJob(NodesPlatform np, ProfilingRun last, List<Job> jobs) {
        String name = np.getMetadata().getName();
        long known = last == null ? 0 : JobNumber.number(name, last.job);
        Job newest = jobs.stream()
                .max(Comparator.comparingLong(
                        j -> JobNumber.number(name, j.getMetadata().getName())))
                .orElse(null);
        if (newest == null || JobNumber.number(name, newest.getMetadata().getName()) <= known) {
            return last;
        }
        Map<String, String> a = newest.getMetadata().getAnnotations() == null
                ? Map.of()
                : newest.getMetadata().getAnnotations();
        ProfilingRun run = new ProfilingRun();
        run.job = newest.getMetadata().getName();
        run.mode = a.getOrDefault(ProfilingJobBuilder.MODE_ANNOTATION, ProfilingJobBuilder.MODE_PROFILE);
        run.reason = a.get(ProfilingJobBuilder.REASON_ANNOTATION);
        run.startedAt = newest.getMetadata().getCreationTimestamp();
        return run;
    }

    /** Records how the last Job ended, once it has: from its pod's termination message, else its condition. */
    private ProfilingRun finishLastRun(
            NodesPlatform np, ProfilingRun last, List<Job> jobs, Instant now, String nowText) {
        if (last == null || last.finishedAt != null || last.job == null) {
            return last;
        }
        Optional<Job> job = jobs.stream()
                .filter(j -> last.job.equals(j.getMetadata().getName()))
                .findFirst();
        ProfilingRun done = copy(last);
        if (job.isEmpty()) {
            Instant started = last.startedAt == null ? Instant.EPOCH : Instant.parse(last.startedAt);
            if (started.plus(JOB_GONE_AFTER).isAfter(now)) {
                return last;
            }
            done.finishedAt = nowText;
            done.result = "unknown";
            done.summary = "Job " + last.job + " disappeared before its outcome was read";
            events.warning(np, "ProfilingFinished", "Job " + last.job + ": outcome unknown (the Job is gone)");
            return done;
        }
        if (!ProfilingOutcome.finished(job.get())) {
            return last;
        }
        List<Pod> pods = List.of();
        try {
            pods = client.pods()
                    .inNamespace(np.getMetadata().getNamespace())
                    .withLabel("job-name", last.job)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            // without the pods the Job's condition still tells succeeded or failed
        }
        ProfilingOutcome outcome = ProfilingOutcome.of(job.get(), pods);
        done.finishedAt = outcome.finishedAt() != null ? outcome.finishedAt() : nowText;
        done.result = outcome.result();
        done.captureId = outcome.captureId();
        done.summary = outcome.summary();
        done.baselineCaptureId = outcome.baselineCaptureId();
        done.regressedFrames = outcome.regressedFrames().isEmpty() ? null : outcome.regressedFrames();
        String message = "Job " + last.job + " (" + last.mode + ") finished: result " + outcome.result()
                + (outcome.captureId() == null ? "" : ", capture " + outcome.captureId())
                + (outcome.baselineCaptureId() == null
                        ? ""
                        : " against baseline capture " + outcome.baselineCaptureId())
                + (outcome.summary() == null ? "" : ": " + outcome.summary());
        if ("ok".equals(outcome.result()) || "succeeded".equals(outcome.result())) {
            events.normal(np, "ProfilingFinished", message);
        } else {
            events.warning(np, "ProfilingFinished", message);
        }
        return done;
    }

    private Job startJob(
            NodesPlatform np,
            Context<NodesPlatform> context,
            Deployment deployment,
            String mode,
            String reason,
            List<Job> jobs,
            ProfilingRun last,
            String baselineCapture) {
        long n = JobNumber.next(
                np.getMetadata().getName(),
                last == null ? null : last.job,
                jobs.stream().map(j -> j.getMetadata().getName()).toList());
        Job job = ProfilingJobBuilder.build(
                np,
                ChildMetadata.profilingJobName(np, n),
                ServiceDeploymentBuilder.currentImage(deployment),
                mode,
                reason,
                baselineCapture);
        try {
            Job created = client.resource(job).create();
            // the migration dependent's informer holds every Job of this NodesPlatform: the next reconcile sees this
            // one
            jobs(context).handleRecentResourceCreate(ResourceID.fromResource(np), created);
            metrics.childWritten("Job", "created");
            events.normal(
                    np,
                    "ProfilingStarted",
                    "Job " + created.getMetadata().getName() + " (" + mode + "): " + ProfilingJobBuilder.trim(reason));
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode()
                    == 409) { // created before, and the cache has not seen it yet: the next window decides again
                return null;
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static InformerEventSource<Job, NodesPlatform> jobs(Context<NodesPlatform> context) {
        return (InformerEventSource<Job, NodesPlatform>)
                context.eventSourceRetriever().getEventSourceFor(Job.class, MigrationJobDependent.NAME);
    }

    /** Events for what this window found: a breach, a captured baseline, metrics that could not be read. */
    private void report(NodesPlatform np, NodesPlatformStatus prev, WatchDecision decision, String runningJob) {
        Condition before = Conditions.find(prev.conditions, ConditionType.REGRESSION_DETECTED)
                .orElse(null);
        Verdict now = decision.regression();
        boolean changed = before == null
                || !Objects.equals(before.getStatus(), now.status())
                || !Objects.equals(before.getReason(), now.reason());
        if ("True".equals(now.status()) && changed) {
            events.warning(np, "RegressionDetected", now.message());
        }
        if ("MetricsUnavailable".equals(now.reason()) && changed) {
            events.warning(np, "MetricsUnavailable", now.message());
        }
        if (decision.baselineCaptured()) {
            Baseline b = decision.baseline();
            events.normal(np, "BaselineCaptured", "rollout " + b.rollout + ": p95 " + describe(b));
        }
        if (decision.skipped() != null) {
            events.normal(np, "ProfilingSkipped", skipSummary(decision, runningJob));
        }
    }

    /** Stable across the windows of one cooldown or one running Job, so that the recorder does not repeat it every window. */
    private static String skipSummary(WatchDecision decision, String runningJob) {
        return switch (decision.skip()) {
            case Cooldown -> {
                String s = decision.skipped();
                int cut = s.indexOf(" (last profile run");
                yield (cut > 0 ? s.substring(0, cut) : s) + ": not profiled ("
                        + decision.regression().reason() + ")";
            }
            case Waiting -> "Job " + runningJob + " is still running: no other Job started";
            case Disabled -> "spec.profiling.enabled is false: no Job started";
            case Paused -> "spec.paused is true: no Job started";
        };
    }

    private static String describe(Baseline b) {
        StringBuilder s = new StringBuilder();
        if (b.p95Millis == null) {
            return "no latencies";
        }
        b.p95Millis.forEach((family, ms) -> s.append(s.isEmpty() ? "" : ", ")
                .append(family)
                .append(' ')
                .append(Format.millis(ms))
                .append(" (")
                .append(b.requests == null ? "?" : b.requests.get(family))
                .append(" requests)"));
        return s.toString();
    }

    private static ProfilingRun copy(ProfilingRun r) {
        ProfilingRun c = new ProfilingRun();
        c.job = r.job;
        c.mode = r.mode;
        c.reason = r.reason;
        c.startedAt = r.startedAt;
        c.finishedAt = r.finishedAt;
        c.captureId = r.captureId;
        c.result = r.result;
        c.summary = r.summary;
        c.baselineCaptureId = r.baselineCaptureId;
        c.regressedFrames = r.regressedFrames;
        return c;
    }
}
