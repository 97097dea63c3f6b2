package dev.nodes.service.http;

import java.util.Optional;

/** {@code If-Match} against the current strong ETag: absent or {@code *} passes, otherwise one listed tag must match. */
public final class IfMatch {
    private IfMatch() {}

    public static void check(Optional<String> header, String currentEtag) {
        if (header.isEmpty() || header.get().isBlank()) {
            return;
        }
        for (String candidate : header.get().split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(currentEtag)) {
                return;
            }
        }
        throw ApiException.preconditionFailed(
                "If-Match " + header.get() + " does not match the current ETag " + currentEtag);
    }
}
