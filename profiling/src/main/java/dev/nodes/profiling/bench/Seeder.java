package dev.nodes.profiling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.profiling.bench.Fixtures.SeededNode;
import dev.nodes.profiling.bench.Fixtures.SeededNotification;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Seeds the target through its public API, so the data passes the same validation as real data: nodes of
 * {@link Credentials#AUTHORS} authors (tag {@code bench}), notifications sent by the admin to the bench users, and moderation cases (tag
 * {@code bench}). Re-running is cheap: existing bench nodes and cases are counted first and only the missing ones
 * are created; notifications carry a fixed {@code event_id}, which the service de-duplicates.
 *
 * <p>The nodes API must work (the run stops otherwise). Notifications and moderation may be missing on the target:
 * their seeding is skipped with a warning and their scenarios then report the errors.
 */
public final class Seeder {
    static final String TAG = "bench";
    static final int NOTIFICATIONS_PER_USER = 50;
    static final int MODERATION_CASES = 200;
    private static final int MAX_HOT = 100;
    private static final int PAGE = 100;
    private static final int MAX_CASE_PAGES = 20;
    private static final List<String> TOPICS = List.of(
            "java",
            "kubernetes",
            "postgres",
            "redis",
            "performance",
            "observability",
            "caching",
            "security",
            "testing",
            "design",
            "jvm",
            "networking");
    private static final List<String> WORDS = List.of(
            "latency",
            "throughput",
            "index",
            "query",
            "heap",
            "thread",
            "cache",
            "pool",
            "lock",
            "queue",
            "buffer",
            "replica",
            "schema",
            "request",
            "batch",
            "cursor",
            "page",
            "metric",
            "trace",
            "deploy",
            "rollback",
            "timeout",
            "retry",
            "shard");

    private final ApiClient api;
    private final Credentials credentials;
    private final int parallelism;
    private final PrintStream out;

    Seeder(ApiClient api, Credentials credentials, int concurrency, PrintStream out) {
        this.api = api;
        this.credentials = credentials;
        this.parallelism = Math.max(1, Math.min(concurrency, 16));
        this.out = out;
    }

    /**
     * For the other subcommands (the fault suite): makes sure {@code nodes} bench nodes exist on the target, as
     * {@code bench --seed} does, and returns them with the credentials.
     */
    public static Fixtures seedNodes(URI target, Credentials credentials, int nodes, PrintStream out) {
        try (ApiClient api = new ApiClient(target, 16)) {
            return new Seeder(api, credentials, 16, out).seed(nodes, true, false, false);
        }
    }

    Fixtures seed(int nodeTarget, boolean nodes, boolean notifications, boolean moderation) {
        List<SeededNode> all = nodes ? seedNodes(nodeTarget) : List.of();
        List<SeededNode> readable = all.stream()
                .filter(SeededNode::readableByAll)
                .sorted(Comparator.comparingLong(SeededNode::id))
                .toList();
        int hot = Math.min(MAX_HOT, Math.max(1, readable.size() / 10));
        List<SeededNode> hotNodes = readable.subList(0, Math.min(hot, readable.size()));
        List<SeededNode> coldNodes = new ArrayList<>(readable.subList(hotNodes.size(), readable.size()));
        Collections.shuffle(coldNodes, new Random(42)); // a fixed cyclic order without id locality
        List<UUID> authors = all.stream().map(SeededNode::authorId).distinct().toList();
        if (nodes) {
            out.printf(
                    "seed: %d bench nodes (%d readable by every user): hot set %d, cold set %d, %d authors%n",
                    all.size(), readable.size(), hotNodes.size(), coldNodes.size(), authors.size());
        }
        List<SeededNotification> sent = notifications ? seedNotifications() : List.of();
        if (moderation) {
            seedModerationCases();
        }
        return new Fixtures(credentials, List.copyOf(hotNodes), List.copyOf(coldNodes), authors, sent);
    }

    // ---- nodes ----

    private List<SeededNode> seedNodes(int target) {
        List<BenchUser> authors = distinct(credentials.authors());
        Map<BenchUser, List<SeededNode>> existing = new LinkedHashMap<>();
        for (BenchUser author : authors) {
            existing.put(author, listOwnBenchNodes(author));
        }
        int have = existing.values().stream().mapToInt(List::size).sum();
        int missing = Math.max(0, target - have);
        if (missing > 0) {
            out.printf("seed: %d bench nodes found, creating %d%n", have, missing);
        }
        List<SeededNode> created = new ArrayList<>();
        for (int round = 0; round < 5 && missing > 0; round++) {
            // the authors take turns, so that ids interleave as they do when many people write
            List<List<Callable<Optional<SeededNode>>>> perAuthor = new ArrayList<>();
            for (int a = 0; a < authors.size(); a++) {
                BenchUser author = authors.get(a);
                int quota = missing / authors.size() + (a < missing % authors.size() ? 1 : 0);
                Set<String> taken = new HashSet<>();
                existing.get(author).forEach(n -> taken.add(n.slug()));
                created.stream().filter(n -> n.authorId().equals(author.id())).forEach(n -> taken.add(n.slug()));
                List<Callable<Optional<SeededNode>>> tasks = new ArrayList<>();
                for (int n = 0; quota > 0; n++) {
                    String slug = slug(author, n, round);
                    if (!taken.contains(slug)) {
                        int index = n;
                        tasks.add(() -> createNode(author, slug, index));
                        quota--;
                    }
                }
                perAuthor.add(tasks);
            }
            List<Callable<Optional<SeededNode>>> interleaved = new ArrayList<>();
            for (int i = 0; interleaved.size() < missing; i++) {
                for (List<Callable<Optional<SeededNode>>> tasks : perAuthor) {
                    if (i < tasks.size()) {
                        interleaved.add(tasks.get(i));
                    }
                }
            }
            List<Optional<SeededNode>> results = runAll(interleaved);
            results.forEach(r -> r.ifPresent(created::add));
            missing -= (int) results.stream().filter(Optional::isPresent).count();
        }
        if (missing > 0) {
            throw new SeedException("could not create " + missing + " bench nodes (slugs taken?)");
        }
        List<SeededNode> all = new ArrayList<>(created);
        existing.values().forEach(all::addAll);
        return all;
    }

    private List<SeededNode> listOwnBenchNodes(BenchUser user) {
        List<SeededNode> found = new ArrayList<>();
        String cursor = null;
        do {
            String path =
                    "/v1/nodes?tag=" + TAG + "&limit=" + PAGE + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode page =
                    requireJson(BenchRequest.get(path, user.token()), "list the bench nodes of " + user.subject());
            for (JsonNode node : page.path("items")) {
                found.add(seededNode(node));
            }
            cursor = page.path("next_cursor").isTextual()
                    ? page.path("next_cursor").asText()
                    : null;
        } while (cursor != null);
        return found;
    }

    private Optional<SeededNode> createNode(BenchUser user, String slug, int n) throws IOException {
        Random random = new Random(slug.hashCode());
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        boolean draft = n % 10 == 9;
        ObjectNode body = ReportJson.MAPPER.createObjectNode();
        body.put("title", "Notes on " + topic + ": " + words(random, 3 + random.nextInt(6)));
        body.put("content", paragraphs(random, 200 + random.nextInt(3800)));
        ArrayNode tags = body.putArray("tags").add(TAG).add(topic);
        if (random.nextBoolean()) {
            tags.add(TOPICS.get(random.nextInt(TOPICS.size())));
        }
        body.put("is_public", !draft);
        body.put("status", draft ? "draft" : "published");
        body.put("slug", slug);
        ApiClient.Response response = api.exchange(BenchRequest.post("/v1/nodes", user.token(), body.toString()));
        if (response.status() == 409) {
            return Optional.empty(); // slug taken (for instance by a deleted bench node): the next round picks another
        }
        if (!response.ok()) {
            throw new SeedException("creating a node failed: " + response.describe());
        }
        return Optional.of(seededNode(response.json()));
    }

    private static SeededNode seededNode(JsonNode node) {
        boolean readable = node.path("is_public").asBoolean()
                && "published".equals(node.path("status").asText());
        return new SeededNode(
                node.path("id").asLong(),
                node.path("slug").asText(),
                UUID.fromString(node.path("author_id").asText()),
                readable);
    }

    /** {@code bench-<8 hex of the user id>-<n>}: recognisable, unique per user, stable across runs. */
    private static String slug(BenchUser user, int n, int round) {
        String base = TAG + "-" + user.id().toString().substring(0, 8) + "-" + n;
        return round == 0 ? base : base + "-r" + round;
    }

    // ---- notifications ----

    private List<SeededNotification> seedNotifications() {
        List<BenchUser> users = distinct(credentials.users());
        List<Callable<Optional<SeededNotification>>> tasks = new ArrayList<>();
        for (BenchUser user : users) {
            for (int i = 0; i < NOTIFICATIONS_PER_USER; i++) {
                int n = i;
                tasks.add(() -> sendNotification(user, n));
            }
        }
        // one first, so that a missing endpoint costs one request and one warning
        Optional<SeededNotification> probe;
        try {
            probe = tasks.getFirst().call();
        } catch (Exception e) {
            out.println("seed: WARNING notifications not seeded: " + e.getMessage()
                    + " (the notifications scenarios will report the errors)");
            return List.of();
        }
        List<SeededNotification> sent = new ArrayList<>();
        probe.ifPresent(sent::add);
        try {
            runAll(tasks.subList(1, tasks.size())).forEach(r -> r.ifPresent(sent::add));
        } catch (SeedException e) {
            out.println("seed: WARNING some notifications not seeded: " + e.getMessage());
        }
        out.printf("seed: %d notifications for %d bench users%n", sent.size(), users.size());
        return sent;
    }

    private Optional<SeededNotification> sendNotification(BenchUser user, int n) throws IOException {
        Random random = new Random(31L * n + user.id().hashCode());
        ObjectNode body = ReportJson.MAPPER.createObjectNode();
        body.put("user_id", user.id().toString());
        body.put("title", "Bench notice " + n + ": " + words(random, 3));
        body.put("message", paragraphs(random, 80 + random.nextInt(400)));
        body.put("placement", n % 5 == 4 ? "banner" : "inbox");
        body.put(
                "priority", List.of("normal", "normal", "high", "low", "urgent").get(n % 5));
        body.put("topic", TAG);
        body.putObject("meta").put("source", "nodes-bench").put("n", n);
        body.put("event_id", TAG + ":" + user.id() + ":" + n);
        ApiClient.Response response = api.exchange(BenchRequest.post(
                "/v1/notifications/admin/send", credentials.admin().token(), body.toString()));
        if (!response.ok()) {
            throw new SeedException("POST /v1/notifications/admin/send answered " + response.describe());
        }
        return Optional.of(new SeededNotification(
                UUID.fromString(response.json().path("id").asText()), user));
    }

    // ---- moderation ----

    private void seedModerationCases() {
        int have;
        try {
            have = countBenchCases();
        } catch (SeedException | IOException e) {
            out.println("seed: WARNING moderation cases not seeded: " + e.getMessage()
                    + " (the moderation scenario will report the errors)");
            return;
        }
        int missing = Math.max(0, MODERATION_CASES - have);
        List<Callable<Optional<SeededNotification>>> tasks = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            int n = have + i;
            tasks.add(() -> {
                createCase(n);
                return Optional.empty();
            });
        }
        try {
            runAll(tasks);
            out.printf("seed: %d bench moderation cases (%d created)%n", have + missing, missing);
        } catch (SeedException e) {
            out.println("seed: WARNING moderation cases not seeded: " + e.getMessage());
        }
    }

    private int countBenchCases() throws IOException {
        int count = 0;
        String cursor = null;
        for (int page = 0; page < MAX_CASE_PAGES && count < MODERATION_CASES; page++) {
            String path = "/v1/moderation/cases?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode body =
                    requireJson(BenchRequest.get(path, credentials.admin().token()), "list moderation cases");
            for (JsonNode item : body.path("items")) {
                for (JsonNode tag : item.path("tags")) {
                    if (TAG.equals(tag.asText())) {
                        count++;
                        break;
                    }
                }
            }
            cursor = body.path("next_cursor").isTextual()
                    ? body.path("next_cursor").asText()
                    : null;
            if (cursor == null) {
                break;
            }
        }
        return count;
    }

    private void createCase(int n) throws IOException {
        Random random = new Random(7L * n);
        String type = ModerationFilter.TYPES.get(n % ModerationFilter.TYPES.size());
        ObjectNode body = ReportJson.MAPPER.createObjectNode();
        body.put("title", "Bench case " + n + ": " + words(random, 4));
        body.put("description", paragraphs(random, 100 + random.nextInt(600)));
        ObjectNode minimal = body.deepCopy();
        body.put("type", type);
        body.put("queue", ModerationFilter.QUEUES.get(n % ModerationFilter.QUEUES.size()));
        body.put("priority", List.of("low", "normal", "high", "urgent").get(n % 4));
        body.put("subject_type", "node");
        body.put("subject_id", String.valueOf(1000 + n));
        body.putArray("tags").add(TAG).add(type);
        body.putObject("metadata").put("source", "nodes-bench").put("n", n);
        minimal.putArray("tags").add(TAG);
        String token = credentials.admin().token();
        ApiClient.Response response = api.exchange(BenchRequest.post("/v1/moderation/cases", token, body.toString()));
        if (response.status() == 400) {
            // a field value this service does not accept: fall back to the required fields
            response = api.exchange(BenchRequest.post("/v1/moderation/cases", token, minimal.toString()));
        }
        if (!response.ok()) {
            throw new SeedException("POST /v1/moderation/cases answered " + response.describe());
        }
    }

    // ---- helpers ----

    private static List<BenchUser> distinct(List<BenchUser> users) {
        Map<UUID, BenchUser> byId = new LinkedHashMap<>();
        users.forEach(u -> byId.putIfAbsent(u.id(), u));
        return List.copyOf(byId.values());
    }

    private JsonNode requireJson(BenchRequest request, String what) {
        try {
            ApiClient.Response response = api.exchange(request);
            if (!response.ok()) {
                throw new SeedException("could not " + what + ": " + request.method() + " " + request.path()
                        + " answered " + response.describe());
            }
            return response.json();
        } catch (IOException e) {
            throw new SeedException("could not " + what + ": " + e.getMessage());
        }
    }

    /** Runs the tasks with at most {@code parallelism} at a time; the first failure is rethrown. */
    private <T> List<T> runAll(List<Callable<T>> tasks) {
        Semaphore permits = new Semaphore(parallelism);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return task.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof SeedException seed ? seed : new SeedException(String.valueOf(cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SeedException("interrupted");
            }
        }
        return results;
    }

    private static String words(Random random, int count) {
        Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < count) {
            picked.add(WORDS.get(random.nextInt(WORDS.size())));
        }
        return String.join(" ", picked);
    }

    private static String paragraphs(Random random, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            String sentence = words(random, 4 + random.nextInt(8));
            text.append(Character.toUpperCase(sentence.charAt(0)))
                    .append(sentence, 1, sentence.length())
                    .append(". ");
            if (random.nextInt(6) == 0) {
                text.append("\n\n");
            }
        }
        return text.toString().strip();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
