package dev.nodes.service.nodes;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code view} query parameter of {@code GET /v1/nodes}: what each listed node carries. */
public enum NodeListView {
    /** The whole node, content included: the default, as before the parameter existed. */
    FULL,
    /** Everything but the content (a few kilobytes a page where the whole nodes can be a hundred). */
    SUMMARY;

    static final Set<String> NAMES =
            Arrays.stream(values()).map(NodeListView::queryName).collect(Collectors.toSet());

    String queryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static NodeListView of(String queryName) {
        return valueOf(queryName.toUpperCase(Locale.ROOT));
    }
}
