package dev.nodes.profiling.faults;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.profiling.bench.BenchUser;
import dev.nodes.profiling.bench.Credentials;
import dev.nodes.profiling.bench.Fixtures;
import dev.nodes.profiling.faults.FaultHttp.Answer;
import dev.nodes.profiling.faults.FaultHttp.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The steady mixed load that runs while the backends are killed: open loop at a fixed rate (a request is due every
 * 1/rate s whether or not the earlier ones have been answered, so an outage does not slow the load down), at most
 * {@link #IN_FLIGHT} at a time on virtual threads. Reads by id and slug, creates, updates, likes, views (a small
 * pool of viewers, so many are repeats), inbox reads, admin sends with an {@code event_id} (a quarter re-send an
 * earlier one, as a client retrying after a 503 does) and broadcasts to a fixed set of users. Every 2xx write goes
 * into the {@link Ledger}.
 */
final class MixedLoad implements AutoCloseable {
    static final int IN_FLIGHT = 32;
    static final int VIEWERS = 40;
    static final String TAG = "faults";

    /** A node the load reads and writes, with the author that may update it. */
    record LoadNode(long id, String slug, BenchUser author) {}

    /** A viewer of the pool: token and the user id the service derives from its subject. */
    record Viewer(String token, UUID id) {}

    private enum Op {
        READ_ID,
        READ_SLUG,
        VIEW,
        CREATE,
        UPDATE,
        LIKE,
        INBOX,
        SEND,
        BROADCAST
    }

    /** The mix: each op's share in percent. */
    private static final Map<Op, Integer> WEIGHTS = Map.of(
            Op.READ_ID,
            20,
            Op.READ_SLUG,
            12,
            Op.VIEW,
            25,
            Op.CREATE,
            6,
            Op.UPDATE,
            6,
            Op.LIKE,
            8,
            Op.INBOX,
            12,
            Op.SEND,
            8,
            Op.BROADCAST,
            3);

    private static final List<Op> WHEEL = wheel();

    private final FaultHttp http;
    private final Tally tally;
    private final Ledger ledger;
    private final Credentials credentials;
    private final String run;
    private final double rate;
    private final List<LoadNode> nodes = new CopyOnWriteArrayList<>();
    private final List<Viewer> viewers = new ArrayList<>();
    private final List<String> attemptedEvents = new CopyOnWriteArrayList<>();
    private final Map<String, UUID> eventUsers = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running = true;
    private Thread pacer;

    MixedLoad(FaultHttp http, Tally tally, Ledger ledger, Fixtures fixtures, String run, double rate) {
        this.http = http;
        this.tally = tally;
        this.ledger = ledger;
        this.credentials = fixtures.credentials();
        this.run = run;
        this.rate = rate;
        Map<UUID, BenchUser> authors = new ConcurrentHashMap<>();
        credentials.authors().forEach(a -> authors.put(a.id(), a));
        for (Fixtures.SeededNode node : fixtures.hotNodes()) {
            nodes.add(new LoadNode(node.id(), node.slug(), authors.get(node.authorId())));
        }
        for (Fixtures.SeededNode node : fixtures.coldNodes()) {
            nodes.add(new LoadNode(node.id(), node.slug(), authors.get(node.authorId())));
        }
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no seeded node to load");
        }
        for (int i = 0; i < VIEWERS; i++) {
            String token = credentials.viewers().apply(i);
            viewers.add(new Viewer(token, Credentials.userId(JWT.decode(token).getSubject())));
        }
    }

    /** The audience of every broadcast of the run: the bench users and authors. */
    List<UUID> broadcastAudience() {
        List<UUID> users = new ArrayList<>();
        credentials.users().forEach(u -> users.add(u.id()));
        credentials.authors().forEach(u -> users.add(u.id()));
        return users.stream().distinct().sorted().toList();
    }

    void start() {
        pacer = Thread.ofPlatform().name("faults-load-pacer").daemon().start(this::pace);
    }

    /** Requests that found {@link #IN_FLIGHT} others unanswered and had to wait for one (the loop closed). */
    long late() {
        return late.get();
    }

    private void pace() {
        long interval = (long) (1_000_000_000L / rate);
        long next = System.nanoTime();
        while (running) {
            next += interval;
            LockSupport.parkNanos(next - System.nanoTime());
            if (!inFlight.tryAcquire()) {
                late.incrementAndGet();
                inFlight.acquireUninterruptibly();
            }
            if (!running) {
                inFlight.release();
                return;
            }
            long seq = sequence.incrementAndGet();
            executor.submit(() -> {
                try {
                    once(seq, WHEEL.get((int) (seq * 7919 % WHEEL.size())));
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private void once(long seq, Op op) {
        Random random = ThreadLocalRandom.current();
        switch (op) {
            case READ_ID ->
                call(Call.json(
                        "GET", "/v1/nodes/" + pick(random).id(), user(random).token(), null));
            case READ_SLUG ->
                call(Call.json(
                        "GET",
                        "/v1/nodes/slug/" + pick(random).slug(),
                        user(random).token(),
                        null));
            case VIEW -> view(random);
            case CREATE -> create(seq, random);
            case UPDATE -> update(seq, random);
            case LIKE -> like(random);
            case INBOX ->
                call(Call.json("GET", "/v1/notifications?limit=20", user(random).token(), null));
            case SEND -> send(seq, random);
            case BROADCAST -> broadcast("load " + seq);
        }
    }

    private void view(Random random) {
        // half the views go to a few nodes, so that repeats by the same viewer are common
        LoadNode node = random.nextBoolean() ? nodes.get(random.nextInt(Math.min(5, nodes.size()))) : pick(random);
        Viewer viewer = viewers.get(random.nextInt(viewers.size()));
        Answer answer = call(
                Call.json("POST", "/v1/nodes/" + node.id() + "/views", viewer.token(), "{\"fingerprint\":\"faults\"}"));
        JsonNode json = answer.ok() ? answer.json() : null;
        if (json != null && json.path("counted").asBoolean(false)) {
            ledger.counted(node.id(), viewer.id());
        }
    }

    private void create(long seq, Random random) {
        BenchUser author =
                credentials.authors().get(random.nextInt(credentials.authors().size()));
        String slug = TAG + "-" + run + "-" + seq;
        ObjectNode body = FaultHttp.JSON
                .createObjectNode()
                .put("title", "Fault load " + seq)
                .put("content", "Written while backends are killed, " + seq)
                .put("slug", slug);
        body.putArray("tags").add(TAG);
        Answer answer = call(Call.json("POST", "/v1/nodes", author.token(), body.toString()));
        JsonNode json = answer.status() == 201 ? answer.json() : null;
        if (json != null) {
            long id = json.path("id").asLong();
            ledger.created(id, slug);
            nodes.add(new LoadNode(id, slug, author));
        }
    }

    private void update(long seq, Random random) {
        LoadNode node = pick(random);
        Answer answer = call(Call.json(
                "PATCH",
                "/v1/nodes/" + node.id(),
                node.author().token(),
                "{\"title\":\"Fault load update " + seq + "\"}"));
        JsonNode json = answer.status() == 200 ? answer.json() : null;
        if (json != null) {
            ledger.updated(node.id(), json.path("version").asInt());
        }
    }

    private void like(Random random) {
        LoadNode node = pick(random);
        BenchUser user = user(random);
        Answer answer = call(Call.json("PUT", "/v1/nodes/" + node.id() + "/likes", user.token(), null));
        JsonNode json = answer.status() == 200 ? answer.json() : null;
        if (json != null && json.path("liked").asBoolean(false)) {
            ledger.liked(node.id(), user.id());
        }
    }

    private void send(long seq, Random random) {
        String eventId;
        if (!attemptedEvents.isEmpty() && random.nextInt(4) == 0) {
            eventId = attemptedEvents.get(random.nextInt(attemptedEvents.size())); // a retry: the same send again
        } else {
            eventId = TAG + ":" + run + ":" + seq;
            eventUsers.put(eventId, user(random).id());
            attemptedEvents.add(eventId);
        }
        UUID user = eventUsers.get(eventId);
        ObjectNode body = FaultHttp.JSON
                .createObjectNode()
                .put("user_id", user.toString())
                .put("title", "Fault notice")
                .put("message", "event " + eventId)
                .put("event_id", eventId);
        Answer answer = call(Call.json(
                "POST", "/v1/notifications/admin/send", credentials.admin().token(), body.toString()));
        if (answer.ok()) {
            ledger.sent(eventId, user);
        }
    }

    /** A broadcast to {@link #broadcastAudience}, due now; its id when the service acknowledged it. */
    UUID broadcast(String title) {
        List<UUID> audience = broadcastAudience();
        ObjectNode body = FaultHttp.JSON
                .createObjectNode()
                .put("title", "Fault broadcast " + title)
                .put("message", "to " + audience.size() + " users")
                .put("scheduled_at", Instant.now().toString());
        ObjectNode to = body.putObject("audience").put("type", "explicit_users");
        audience.forEach(id -> to.withArray("user_ids").add(id.toString()));
        Answer answer = call(Call.json(
                "POST",
                "/v1/notifications/admin/broadcasts",
                credentials.admin().token(),
                body.toString()));
        JsonNode json = answer.status() == 201 ? answer.json() : null;
        if (json == null) {
            return null;
        }
        UUID id = UUID.fromString(json.path("id").asText());
        ledger.broadcast(id, audience);
        return id;
    }

    private Answer call(Call call) {
        Answer answer = http.send(call);
        tally.record(call, answer);
        return answer;
    }

    private LoadNode pick(Random random) {
        return nodes.get(random.nextInt(nodes.size()));
    }

    private BenchUser user(Random random) {
        return credentials.users().get(random.nextInt(credentials.users().size()));
    }

    private static List<Op> wheel() {
        List<Op> wheel = new ArrayList<>();
        for (Op op : Op.values()) {
            for (int i = 0; i < WEIGHTS.get(op); i++) {
                wheel.add(op);
            }
        }
        return List.copyOf(wheel);
    }

    /** Stops pacing and waits for the requests in flight. */
    @Override
    public void close() {
        running = false;
        if (pacer != null) {
            try {
                pacer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.close();
    }
}
