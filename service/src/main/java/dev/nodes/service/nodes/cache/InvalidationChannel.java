package dev.nodes.service.nodes.cache;

import dev.nodes.service.redis.RedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * How the replicas' near caches hear of every write, over Redis pub/sub, strictly enough that a write is seen by
 * every replica's next read once it has returned.
 *
 * <p>A write's invalidate script publishes {@code inv <writer> <seq> <stamp> <id> <slug>...} on the shared channel
 * and returns how many subscribers received it; each replica drops the node from its near cache and then answers
 * {@code ack <seq>} on the writer's own channel; the write returns once every receiver has answered. A replica
 * that does not answer cannot hold the write up for long, nor serve the old copy: a replica serves near hits
 * only under a lease. Every {@link #HEARTBEAT} it publishes, from a script, {@code hb <sent> <counter>} on its own
 * channel (the namespace's invalidation counter at that moment), and the lease runs until {@code sent + LEASE}
 * once that heartbeat has come back. Redis delivers a subscriber's messages in the order it ran the scripts, so a
 * heartbeat that renews the lease comes after every invalidation published before it, which the replica has
 * applied by then; a writer that waited {@link #ACK_TIMEOUT} (longer than the lease) in vain knows that every
 * lease from before its write has run out.
 *
 * <p>Every invalidate script takes the next value of the counter, so the stamps a replica receives are
 * consecutive and a heartbeat names the last one: a gap means a write invalidated Redis without publishing (a
 * replica of an older version, during a rollout), and the near cache is emptied. Losing the subscription empties
 * it too, and nothing is served from it until a heartbeat came back on the new one.
 */
final class InvalidationChannel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InvalidationChannel.class.getName());

    static final Duration LEASE = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    /** Longer than the lease: after it, no replica still serves a copy from before the write. */
    static final Duration ACK_TIMEOUT = LEASE.plusMillis(250);
    /** Sequence number of invalidations nobody waits for (journal replays). */
    static final long UNWAITED = 0;

    private static final LuaScript HEARTBEAT_SCRIPT = new LuaScript("""
            -- KEYS: invalidation counter; ARGV: own channel, sent nanos
            local counter = redis.call('GET', KEYS[1]) or '0'
            return redis.call('PUBLISH', ARGV[1], 'hb ' .. ARGV[2] .. ' ' .. counter)
            """);
    private static final String PURGE = "purge";

    /** What the near cache does with what the channel hears. */
    interface Receiver {
        void invalidated(long id, List<String> slugs);

        /** Drop everything, and refuse the fills of loads that began before. */
        void reset(String reason);
    }

    private final RedisConnection redis;
    private final NodeCacheKeys keys;
    /** Null for a replica without a near cache: it hears only its acks and its heartbeats. */
    private final Receiver receiver;

    private final Runnable onAckTimeout;
    private final String processId = UUID.randomUUID().toString();
    /** Channel names start with it; pub/sub channels are server-wide, not per database. */
    private final String channelPrefix;

    private final String sharedChannel;
    private final String ownChannel;
    private final AtomicLong sequence = new AtomicLong(UNWAITED);
    private final Map<Long, Semaphore> awaiting = new ConcurrentHashMap<>();

    /** Until when near hits may be served ({@link System#nanoTime()}); valid only while {@link #leased}. */
    private volatile long leaseUntil;

    private volatile boolean leased;
    /** Subscriber thread only: the last invalidation stamp heard, -1 before the first heartbeat. */
    private long lastStamp = -1;

    private volatile Subscription subscription;
    private volatile boolean closed;
    private final Thread subscriber;
    private final Thread heartbeats;

    InvalidationChannel(RedisConnection redis, NodeCacheKeys keys, Receiver receiver, Runnable onAckTimeout) {
        this.redis = redis;
        this.keys = keys;
        this.receiver = receiver;
        this.onAckTimeout = onAckTimeout;
        this.channelPrefix = keys.prefix() + "near:db" + redis.settings().database() + ":";
        this.sharedChannel = channelPrefix + "invalidations";
        this.ownChannel = channelOf(processId);
        this.subscriber = Thread.ofVirtual().name("node-cache-invalidations").start(this::subscribeLoop);
        this.heartbeats = Thread.ofVirtual().name("node-cache-heartbeats").start(this::heartbeatLoop);
    }

    /** Whether near hits may be served now: a heartbeat came back less than a lease ago. */
    boolean leaseValid() {
        return leased && System.nanoTime() - leaseUntil < 0;
    }

    /** The channel and message start an invalidate script publishes; {@code seq} from {@link #nextSequence}. */
    record Publication(String channel, String messagePrefix, long seq) {}

    /** Registers a write that will wait for its acks; call before running its script (acks can come first). */
    Publication nextSequence() {
        long seq = sequence.incrementAndGet();
        awaiting.put(seq, new Semaphore(0));
        return publication(seq);
    }

    /** For a replayed invalidation: published, but nobody waits for its acks. */
    Publication unwaited() {
        return publication(UNWAITED);
    }

    private Publication publication(long seq) {
        return new Publication(sharedChannel, "inv " + processId + " " + seq, seq);
    }

    /** Waits until {@code receivers} replicas have dropped the node, at most {@link #ACK_TIMEOUT}. */
    void awaitAcks(Publication publication, long receivers) {
        Semaphore acks = awaiting.get(publication.seq());
        if (acks == null) {
            return;
        }
        try {
            if (receivers > 0 && !acks.tryAcquire((int) receivers, ACK_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                // safe all the same: a replica that did not answer has no lease from before the write left
                onAckTimeout.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaiting.remove(publication.seq());
        }
    }

    /** Forgets a registered write whose script did not run. */
    void abandon(Publication publication) {
        awaiting.remove(publication.seq());
    }

    /** After a purge of the namespace: every replica empties its near cache. */
    void publishPurge(UnifiedJedis client) {
        client.publish(sharedChannel, PURGE);
    }

    /** Redis is not in use: the near cache is emptied, and serves again once a new subscription's heartbeat is back. */
    void suspend() {
        leased = false;
        if (receiver != null) {
            receiver.reset("Redis not in use");
        }
        Subscription current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "unsubscribing failed: " + e);
            }
        }
    }

    private void subscribeLoop() {
        while (!closed) {
            if (redis.available()) {
                // nothing was served or filled since the last reset: the lease is only renewed on a subscription
                Subscription current = new Subscription();
                subscription = current;
                try {
                    if (receiver == null) {
                        redis.client().subscribe(current, ownChannel);
                    } else {
                        redis.client().subscribe(current, sharedChannel, ownChannel);
                    }
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.log(System.Logger.Level.DEBUG, "node cache subscription lost: " + e);
                    }
                } finally {
                    subscription = null;
                    reset("subscription lost");
                }
            }
            if (!sleep(HEARTBEAT)) {
                return;
            }
        }
    }

    private void reset(String reason) {
        leased = false;
        lastStamp = -1;
        if (receiver != null) {
            receiver.reset(reason);
        }
    }

    private void heartbeatLoop() {
        while (sleep(HEARTBEAT)) {
            Subscription current = subscription;
            if (current == null || !current.ready || !redis.available()) {
                continue;
            }
            heartbeat();
        }
    }

    private void heartbeat() {
        try {
            HEARTBEAT_SCRIPT.run(
                    redis.client(),
                    List.of(keys.stampCounter()),
                    List.of(ownChannel, Long.toString(System.nanoTime())));
        } catch (RuntimeException e) {
            // the lease runs out on its own; the request path reports Redis failures
            LOG.log(System.Logger.Level.DEBUG, "node cache heartbeat failed: " + e);
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Runs on the subscriber thread, in the order Redis published. */
    private final class Subscription extends JedisPubSub {
        private volatile boolean ready;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (subscribedChannels == (receiver == null ? 1 : 2)) {
                ready = true;
                heartbeat();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            String[] words = message.split(" ");
            try {
                switch (words[0]) {
                    case "inv" -> invalidation(words);
                    case PURGE -> reset("namespace purged");
                    case "ack" -> acked(Long.parseLong(words[1]));
                    case "hb" -> heartbeatBack(Long.parseLong(words[1]), Long.parseLong(words[2]));
                    default -> throw new IllegalArgumentException("unknown message");
                }
            } catch (RuntimeException e) {
                // not ours to understand (another version?): nothing it said can be trusted to have been applied
                reset("unreadable message on " + channel);
                LOG.log(System.Logger.Level.WARNING, "unreadable node cache message on " + channel + ": " + message);
            }
        }

        private void invalidation(String[] words) {
            // inv <writer> <seq> <stamp> <id> <slug>...
            String writer = words[1];
            long seq = Long.parseLong(words[2]);
            follows(Long.parseLong(words[3]));
            if (receiver != null) {
                receiver.invalidated(
                        Long.parseLong(words[4]), Arrays.asList(words).subList(5, words.length));
            }
            if (seq == UNWAITED) {
                return;
            }
            if (writer.equals(processId)) {
                // our own write (counted among the receivers): no round trip to tell ourselves
                acked(seq);
                return;
            }
            // off the subscriber thread, so the next messages are not held up by this round trip
            Thread.startVirtualThread(() -> {
                try {
                    redis.client().publish(channelOf(writer), "ack " + seq);
                } catch (RuntimeException e) {
                    // the writer stops waiting after ACK_TIMEOUT; the drop above is what matters
                    LOG.log(System.Logger.Level.DEBUG, "node cache ack failed: " + e);
                }
            });
        }

        private void follows(long stamp) {
            if (lastStamp >= 0 && stamp != lastStamp + 1) {
                reset("a write without a message (stamp " + stamp + " after " + lastStamp + ")");
            }
            lastStamp = stamp;
        }

        private void heartbeatBack(long sentNanos, long counter) {
            if (lastStamp >= 0 && counter != lastStamp) {
                reset("a write without a message (counter " + counter + ", last heard " + lastStamp + ")");
            }
            lastStamp = counter;
            leaseUntil = sentNanos + LEASE.toNanos();
            leased = true;
        }

        private void acked(long seq) {
            Semaphore acks = awaiting.get(seq);
            if (acks != null) {
                acks.release();
            }
        }
    }

    private String channelOf(String process) {
        return channelPrefix + "replica:" + process;
    }

    @Override
    public void close() {
        closed = true;
        suspend();
        subscriber.interrupt();
        heartbeats.interrupt();
    }
}
