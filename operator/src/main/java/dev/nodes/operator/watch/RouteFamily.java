package dev.nodes.operator.watch;

import java.util.List;
import java.util.Optional;

/** The route families the watch compares: every route template under these prefixes, all methods and statuses. */
public final class RouteFamily {
    public static final String NODES = "/v1/nodes";
    public static final String NOTIFICATIONS = "/v1/notifications";
    public static final List<String> ALL = List.of(NODES, NOTIFICATIONS);

    private RouteFamily() {}

    /** The family a route template belongs to: the prefix itself or anything below it ({@code /v1/nodesX} is not). */
    public static Optional<String> of(String route) {
        if (route == null) {
            return Optional.empty();
        }
        for (String family : ALL) {
            if (route.equals(family) || route.startsWith(family + "/")) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }
}
