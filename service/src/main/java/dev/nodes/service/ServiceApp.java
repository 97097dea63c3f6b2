package dev.nodes.service;

import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.RateLimiter;
import dev.nodes.service.auth.Role;
import dev.nodes.service.config.AppConfig;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.GroupCommit;
import dev.nodes.service.db.Migrations;
import dev.nodes.service.health.HealthRoutes;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.ConnectionCloseFilter;
import dev.nodes.service.http.ContractDirectHandler;
import dev.nodes.service.http.Cursors;
import dev.nodes.service.http.ErrorHandling;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.metrics.DbPoolMetrics;
import dev.nodes.service.metrics.HttpMetricsFilter;
import dev.nodes.service.metrics.Metrics;
import dev.nodes.service.moderation.ModerationRoutes;
import dev.nodes.service.nodes.NodeRepository;
import dev.nodes.service.nodes.NodeRoutes;
import dev.nodes.service.nodes.NodeService;
import dev.nodes.service.nodes.cache.NodeCache;
import dev.nodes.service.nodes.cache.NodeCaches;
import dev.nodes.service.nodes.embedding.Embeddings;
import dev.nodes.service.nodes.engagement.EngagementService;
import dev.nodes.service.nodes.engagement.ViewRetention;
import dev.nodes.service.notifications.NotificationMetrics;
import dev.nodes.service.notifications.NotificationRoutes;
import dev.nodes.service.notifications.NotificationWorkers;
import dev.nodes.service.openapi.OpenApiRoutes;
import dev.nodes.service.profiling.FallbackProfiler;
import dev.nodes.service.profiling.ProfilingRoutes;
import dev.nodes.service.profiling.ProfilingService;
import dev.nodes.service.users.KnownUsers;
import dev.nodes.service.workers.PeriodicTask;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Wires the service together from its configuration and runs it until closed. */
public final class ServiceApp implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceApp.class.getName());

    /** {@code SERVE}: the API and, when enabled, the workers; {@code WORKER}: workers, health and metrics only. */
    public enum Mode {
        SERVE,
        WORKER
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final WebServer server;
    private final AppConfig config;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceApp(AppConfig config, Mode mode) {
        this.config = config;
        DatabaseHandle databaseHandle = DatabaseHandle.open(config);
        resources.add(databaseHandle);
        Metrics metrics = new Metrics();
        DbPoolMetrics poolMetrics = new DbPoolMetrics(metrics.registry());
        Database database = databaseHandle.connect(config.dbPoolSize(), config.dbPoolWait(), Optional.of(poolMetrics));
        resources.add(database);
        if (config.migrateOnStart() || databaseHandle.isEmbedded()) {
            Migrations.apply(database.dataSource());
        }
        // before the server listens, so the pod turns Ready with its connections open
        database.fill();
        byte[] secret = jwtSecret(config);
        poolMetrics.watch(database);

        // node cache and view de-duplication: Redis when APP_REDIS_URL is set, memory otherwise
        NodeCaches nodeCaches = NodeCaches.create(config, metrics.registry());
        resources.add(nodeCaches);
        NodeCache nodeCache = nodeCaches.cache();
        // embeddings: durable jobs, and a worker that invalidates the node's cache entries after each result
        Embeddings embeddings = Embeddings.create(
                config, database, metrics.registry(), (nodeId, slug) -> nodeCache.invalidate(nodeId, slug));
        resources.add(embeddings);

        // per user and process; burst defaults to two seconds' worth
        RateLimiter rateLimiter = new RateLimiter(
                config.rateLimitPerSecond(),
                config.rateLimitBurst() > 0 ? config.rateLimitBurst() : 2.0 * config.rateLimitPerSecond(),
                System::nanoTime);
        // writes that many requests make at once share transactions (first sights of users, views)
        GroupCommit.Metrics groupCommits = new GroupCommit.Metrics(metrics.registry());
        KnownUsers knownUsers = new KnownUsers(database, groupCommits);
        resources.add(knownUsers);
        Authenticator authenticator = new Authenticator(secret, knownUsers, rateLimiter);
        Cursors cursors = new Cursors(secret);

        ErrorHandling errors = new ErrorHandling(database::outageSeen);
        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(new HttpMetricsFilter(metrics.registry()))
                .addFilter(new ConnectionCloseFilter(errors));
        errors.register(routing);
        routing.register("/health", new HealthRoutes(database, nodeCaches::health, draining::get))
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, metrics.contentType());
                    res.send(metrics.scrape());
                })
                .any("/metrics", MethodNotAllowed.handler());
        NotificationMetrics notificationMetrics = new NotificationMetrics(metrics.registry(), database);
        if (mode == Mode.SERVE) {
            routing.register("/openapi.yaml", new OpenApiRoutes());
            NodeService nodeService = new NodeService(database, new NodeRepository(), nodeCache, embeddings);
            EngagementService engagement = new EngagementService(
                    database,
                    nodeService,
                    nodeCache,
                    nodeCaches.views(),
                    Clock.systemUTC(),
                    metrics.registry(),
                    groupCommits);
            resources.add(engagement);
            routing.register("/v1/nodes", new NodeRoutes(authenticator, nodeService, engagement, cursors));
            routing.register(
                    "/v1/notifications",
                    NotificationRoutes.create(database, authenticator, cursors, notificationMetrics));
            routing.register("/v1/moderation", ModerationRoutes.create(database, authenticator, cursors));
            // admin captures (async-profiler, JFR fallback); closed before the database to record a cut-short capture
            ProfilingService profiling = new ProfilingService(database, FallbackProfiler.standard());
            resources.add(profiling);
            routing.register("/v1/admin/profiling", new ProfilingRoutes(authenticator, profiling));
        }
        routing.any((req, res) -> {
            throw new ApiException(
                    Status.NOT_FOUND_404,
                    "not_found",
                    "no route for " + req.path().path());
        });

        this.server = WebServer.builder()
                .host(config.httpHost())
                .port(config.httpPort())
                // Helidon's own hook would stop the listener at SIGTERM, beside ours: the drain would refuse the
                // connections it exists for. Main's hook drains, then closes (SigtermDrainTest)
                .shutdownHook(false)
                // Helidon leaves Nagle on: small writes on a kept-alive connection then wait ~40 ms for delayed ACKs
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(routing)
                .directHandlers(handlers -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, new ContractDirectHandler());
                    }
                })
                .build()
                .start();
        // workers run in both modes when APP_WORKERS_ENABLED; any number of replicas may run them
        if (config.workersEnabled()) {
            embeddings.start();
            resources.add(NotificationWorkers.start(database, config.notifications(), notificationMetrics));
            ViewRetention viewRetention = new ViewRetention(database, config.viewsRetentionDays());
            resources.add(PeriodicTask.start("view-retention", Duration.ofHours(1), viewRetention::pruneOnce));
        }
        LOG.log(
                System.Logger.Level.INFO,
                "nodes-service ({0}) listening on {1}:{2}",
                mode,
                config.httpHost(),
                String.valueOf(server.port()));
    }

    public static ServiceApp start(AppConfig config, Mode mode) {
        return new ServiceApp(config, mode);
    }

    public int port() {
        return server.port();
    }

    private static byte[] jwtSecret(AppConfig config) {
        if (config.jwtSecret().isPresent()) {
            return config.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        // development only (production refuses to start without a secret): print what a developer needs
        System.out.println("APP_JWT_SECRET not set; development secret for this run: " + secret);
        System.out.println("admin token (24 h): " + Authenticator.mint(bytes, "dev-admin", Role.ADMIN, 86_400));
        return bytes;
    }

    /**
     * SIGTERM: keep serving for the drain period (readiness already 503) so that requests kube-proxy still routes
     * here are answered, then stop. The pod's endpoints go when its deletion starts, but every node's proxy
     * rules follow a moment later; stopping at once refuses the connections of that moment.
     */
    public void drainThenClose() {
        draining.set(true);
        if (!config.shutdownDrain().isZero()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "draining for {0} s before stopping",
                    config.shutdownDrain().toSeconds());
            try {
                Thread.sleep(config.shutdownDrain());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "error while closing: " + e.getMessage());
            }
        }
    }
}
