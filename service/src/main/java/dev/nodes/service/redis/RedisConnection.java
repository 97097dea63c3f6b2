package dev.nodes.service.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The one Redis client of the process and whether it may be used now. Users check {@link #available()} before
 * every call and report a failed call with {@link #reportFailure}; the process then runs on its in-memory
 * fallbacks until a background probe (PING every {@code probeInterval} on a virtual thread) finds Redis again.
 * Before Redis is used again every {@link Listener#beforeRecovery} runs (the cache purges what it could not
 * invalidate during the outage); if one of them fails, Redis stays unused and the probe tries again later.
 */
public final class RedisConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    private static final Duration MAX_RECOVERY_DELAY = Duration.ofSeconds(30);
    private static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    /** Reacts to the switches between Redis and the in-memory fallback. */
    public interface Listener {
        /** Once, when Redis answered at {@link #start()} and is used from the start. */
        default void afterStart(UnifiedJedis redis) {}

        /** On the probe thread, before Redis is used again; throwing keeps the fallback and retries later. */
        default void beforeRecovery(UnifiedJedis redis) {}

        /** Once per outage, right after users were switched to the fallback. */
        default void onOutage() {}
    }

    private final RedisSettings settings;
    private final RedisClient client;
    private final Runnable errorCounter;
    private final Duration probeInterval;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean available = new AtomicBoolean(false);
    private volatile Thread probe;
    private volatile boolean closed;
    // backoff: a Redis that fails again soon after a recovery (full, or a data error) is not purged and
    // retried every probe interval but at doubling intervals, up to MAX_RECOVERY_DELAY
    private volatile long recoveredAt;
    private volatile long nextRecoveryAt;
    private volatile long recoveryDelayNanos;

    /**
     * Creates the client; nothing is sent before {@link #start()}, so listeners can be added first.
     *
     * @param errorCounter counts one Redis error (a failed call, or the probe noticing an outage first)
     */
    public RedisConnection(RedisSettings settings, Duration probeInterval, Runnable errorCounter) {
        this.settings = Objects.requireNonNull(settings);
        this.probeInterval = Objects.requireNonNull(probeInterval);
        this.errorCounter = Objects.requireNonNull(errorCounter);
        this.recoveryDelayNanos = probeInterval.toNanos();
        this.nextRecoveryAt = System.nanoTime();
        this.client = RedisClient.builder()
                .clientConfig(clientConfig(settings))
                .poolConfig(poolConfig(settings))
                .hostAndPort(settings.host(), settings.port())
                .build();
    }

    /** One PING (when it fails the process starts on the fallback), then the probe starts. */
    public synchronized RedisConnection start() {
        if (probe != null) {
            throw new IllegalStateException("already started");
        }
        if (ping()) {
            for (Listener listener : listeners) {
                try {
                    listener.afterStart(client);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Redis start listener failed", e);
                }
            }
            available.set(true);
            LOG.log(System.Logger.Level.INFO, "Redis at {0} answers", settings.describe());
        } else {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Redis at {0} does not answer; running on the in-memory fallback",
                    settings.describe());
        }
        probe = Thread.ofVirtual().name("redis-probe").start(this::probeLoop);
        return this;
    }

    /** Add listeners before {@link #start()}: they must see every switch. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Whether users may call Redis now (cheap: one volatile read). */
    public boolean available() {
        return available.get() && !closed;
    }

    /** The server's {@code run_id}: it changes when Redis restarts (perhaps from an older dump), not on a pause. */
    public static String runId(UnifiedJedis redis) {
        for (String line : redis.info("server").split("\r?\n")) {
            if (line.startsWith("run_id:")) {
                return line.substring("run_id:".length()).strip();
            }
        }
        throw new IllegalStateException("INFO server has no run_id");
    }

    /** The client; only use it while {@link #available()}, and report failures. */
    public UnifiedJedis client() {
        return client;
    }

    /** Counts the error and switches every user to the fallback until the probe finds Redis again. */
    public void reportFailure(String operation, RuntimeException error) {
        errorCounter.run();
        switchToFallback(operation + ": " + error);
    }

    public RedisSettings settings() {
        return settings;
    }

    private void switchToFallback(String why) {
        if (!available.compareAndSet(true, false)) {
            return;
        }
        long now = System.nanoTime();
        boolean soonAfterRecovery = recoveredAt != 0 && now - recoveredAt < STABLE_AFTER.toNanos();
        recoveryDelayNanos = soonAfterRecovery
                ? Math.min(recoveryDelayNanos * 2, MAX_RECOVERY_DELAY.toNanos())
                : probeInterval.toNanos();
        nextRecoveryAt = now + recoveryDelayNanos;
        LOG.log(
                System.Logger.Level.WARNING,
                "Redis at {0} failed ({1}); running on the in-memory fallback",
                settings.describe(),
                why);
        // idle pooled connections are dead now; drop them so nothing borrows one after the recovery
        clearPool();
        for (Listener listener : listeners) {
            try {
                listener.onOutage();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Redis outage listener failed", e);
            }
        }
    }

    private void probeLoop() {
        while (!closed) {
            try {
                Thread.sleep(probeInterval);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (available.get()) {
                if (!ping()) {
                    errorCounter.run();
                    switchToFallback("PING failed");
                }
            } else if (System.nanoTime() - nextRecoveryAt >= 0 && ping()) {
                tryRecover();
            }
        }
    }

    private void tryRecover() {
        clearPool();
        try {
            for (Listener listener : listeners) {
                listener.beforeRecovery(client);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Redis recovery postponed: " + e);
            return;
        }
        recoveredAt = System.nanoTime();
        available.set(true);
        LOG.log(
                System.Logger.Level.INFO,
                "Redis at {0} answers again; back from the in-memory fallback",
                settings.describe());
    }

    private boolean ping() {
        try {
            return "PONG".equals(client.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void clearPool() {
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "clearing the Redis pool failed: " + e);
        }
    }

    private static DefaultJedisClientConfig clientConfig(RedisSettings settings) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(
                        Math.toIntExact(settings.connectTimeout().toMillis()))
                .socketTimeoutMillis(Math.toIntExact(settings.socketTimeout().toMillis()))
                .database(settings.database())
                .clientName("nodes-service");
        settings.user().ifPresent(config::user);
        settings.password().ifPresent(config::password);
        return config.build();
    }

    private static ConnectionPoolConfig poolConfig(RedisSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        // requests run on virtual threads: allow a fair number of connections, but never wait long for one
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.socketTimeout());
        return pool;
    }

    @Override
    public void close() {
        closed = true;
        Thread running = probe;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
