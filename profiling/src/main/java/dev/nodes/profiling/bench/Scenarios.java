package dev.nodes.profiling.bench;

import dev.nodes.profiling.bench.Fixtures.SeededNode;
import dev.nodes.profiling.bench.Fixtures.SeededNotification;
import java.util.List;
import java.util.UUID;

/** The catalogue of scenarios, by the names of the result file. */
final class Scenarios {
    static final List<String> NAMES = List.of(
            "nodes:get",
            "nodes:get-by-slug",
            "nodes:get-miss",
            "nodes:list-author",
            "nodes:register-view",
            "nodes:register-view-distinct",
            "nodes:list-author-summary",
            "notifications:inbox",
            "notifications:unread-count",
            "notifications:mark-read",
            "moderation:list-filtered",
            "ops:health",
            "nodes:create");

    /** A notification id that never exists: what mark-read asks for when nothing could be seeded. */
    private static final UUID UNKNOWN_NOTIFICATION = new UUID(0, 1);

    private Scenarios() {}

    static boolean isAnonymous(String name) {
        return name.equals("ops:health");
    }

    static boolean needsNodes(String name) {
        return name.startsWith("nodes:");
    }

    static boolean needsNotifications(String name) {
        return name.startsWith("notifications:");
    }

    static boolean needsModeration(String name) {
        return name.startsWith("moderation:");
    }

    static Scenario build(String name, Fixtures f) {
        List<BenchUser> users = f.credentials().users();
        String admin = f.credentials().admin().token();
        return switch (name) {
            case "nodes:get" ->
                new Scenario(
                        name,
                        "GET",
                        "/v1/nodes/{ref}",
                        n -> BenchRequest.get(
                                "/v1/nodes/" + pick(f.hotNodes(), n, name).id(), user(users, n)));
            case "nodes:get-by-slug" ->
                new Scenario(
                        name,
                        "GET",
                        "/v1/nodes/slug/{slug}",
                        n -> BenchRequest.get(
                                "/v1/nodes/slug/" + pick(f.hotNodes(), n, name).slug(), user(users, n)));
            case "nodes:get-miss" ->
                new Scenario(
                        name,
                        "GET",
                        "/v1/nodes/{ref}",
                        n -> BenchRequest.get(
                                "/v1/nodes/" + pick(f.coldNodes(), n, name).id(), user(users, n)));
            case "nodes:list-author" -> new Scenario(name, "GET", "/v1/nodes", n -> authorPage(f, users, n, ""));
            case "nodes:list-author-summary" ->
                new Scenario(name, "GET", "/v1/nodes", n -> authorPage(f, users, n, "&view=summary"));
            case "nodes:register-view" ->
                new Scenario(
                        name,
                        "POST",
                        "/v1/nodes/{ref}/views",
                        n -> BenchRequest.post(
                                "/v1/nodes/" + pick(f.hotNodes(), n, name).id() + "/views",
                                user(users, n),
                                "{\"fingerprint\":\"bench-" + (n % 1000) + "\"}"));
            case "nodes:register-view-distinct" ->
                new Scenario(
                        name,
                        "POST",
                        "/v1/nodes/{ref}/views",
                        n -> BenchRequest.post(
                                "/v1/nodes/" + pick(f.hotNodes(), n, name).id() + "/views",
                                f.credentials().viewers().apply(n),
                                "{\"fingerprint\":\"bench-" + (n % 1000) + "\"}"));
            case "notifications:inbox" ->
                new Scenario(
                        name,
                        "GET",
                        "/v1/notifications",
                        n -> BenchRequest.get("/v1/notifications?limit=20", user(users, n)));
            case "notifications:unread-count" ->
                new Scenario(
                        name,
                        "GET",
                        "/v1/notifications/unread-count",
                        n -> BenchRequest.get("/v1/notifications/unread-count", user(users, n)));
            case "notifications:mark-read" ->
                new Scenario(name, "POST", "/v1/notifications/{id}/read", n -> markRead(f.notifications(), users, n));
            case "moderation:list-filtered" ->
                new Scenario(
                        name,
                        "GET",
                        "/v1/moderation/cases",
                        n -> BenchRequest.get("/v1/moderation/cases" + ModerationFilter.QUERY, admin));
            case "ops:health" -> new Scenario(name, "GET", "/health/live", n -> BenchRequest.get("/health/live", null));
            case "nodes:create" ->
                new Scenario(
                        name, "POST", "/v1/nodes", n -> BenchRequest.post("/v1/nodes", user(users, n), createBody(n)));
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    /**
     * A new node, tagged {@code bench-create} (not {@code bench}: seeding never counts them), with a few hundred
     * characters of content: each create also queues an embedding job, which is what this scenario loads.
     */
    private static String createBody(long n) {
        return "{\"title\":\"bench create " + n + "\",\"tags\":[\"bench-create\"],\"content\":\""
                + ("Created by the bench, number " + n + ". ").repeat(8) + "\"}";
    }

    /** An author's first page of 20, rotating over the authors; {@code extra} adds query parameters. */
    private static BenchRequest authorPage(Fixtures f, List<BenchUser> users, long n, String extra) {
        return BenchRequest.get(
                f.authors().isEmpty()
                        ? "/v1/nodes?limit=20" + extra
                        : "/v1/nodes?author_id="
                                + f.authors().get(index(n, f.authors().size())) + "&limit=20" + extra,
                user(users, n / Math.max(1, f.authors().size())));
    }

    private static BenchRequest markRead(List<SeededNotification> seeded, List<BenchUser> users, long n) {
        if (seeded.isEmpty()) {
            return BenchRequest.post("/v1/notifications/" + UNKNOWN_NOTIFICATION + "/read", user(users, n), null);
        }
        SeededNotification notification = seeded.get(index(n, seeded.size()));
        return BenchRequest.post(
                "/v1/notifications/" + notification.id() + "/read",
                notification.owner().token(),
                null);
    }

    private static SeededNode pick(List<SeededNode> nodes, long n, String scenario) {
        if (nodes.isEmpty()) {
            throw new SeedException(scenario + " has no seeded nodes to request (use --seed N with N >= 20)");
        }
        return nodes.get(index(n, nodes.size()));
    }

    private static String user(List<BenchUser> users, long n) {
        return users.get(index(n, users.size())).token();
    }

    private static int index(long n, int size) {
        return (int) Math.floorMod(n, (long) size);
    }
}
