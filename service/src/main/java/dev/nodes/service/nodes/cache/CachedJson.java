package dev.nodes.service.nodes.cache;

/** Reads what the cache needs from a representation without parsing it. */
final class CachedJson {
    private static final String ID_FIRST = "{\"id\":";
    private static final String SLUG_AFTER_ID = ",\"slug\":\"";

    private CachedJson() {}

    /**
     * The node id a representation starts with ({@code Node}'s property order puts it first), or -1 when it does
     * not start that way: then the hit is simply not reported for the eviction order.
     */
    static long leadingId(String json) {
        int end = idEnd(json);
        return end < 0 ? -1 : Long.parseLong(json, ID_FIRST.length(), end, 10);
    }

    /**
     * The slug right after the leading id ({@code {"id":N,"slug":"s",...}}), or null when the representation does
     * not start that way (then it is not put into the near cache). Slugs need no JSON escaping.
     */
    static String leadingSlug(String json) {
        int idEnd = idEnd(json);
        if (idEnd < 0 || !json.startsWith(SLUG_AFTER_ID, idEnd)) {
            return null;
        }
        int start = idEnd + SLUG_AFTER_ID.length();
        int end = json.indexOf('"', start);
        return end <= start ? null : json.substring(start, end);
    }

    /** Where the leading id's digits end, or -1. */
    private static int idEnd(String json) {
        if (!json.startsWith(ID_FIRST)) {
            return -1;
        }
        int i = ID_FIRST.length();
        int end = Math.min(json.length(), i + 18);
        while (i < end && json.charAt(i) >= '0' && json.charAt(i) <= '9') {
            i++;
        }
        return i == ID_FIRST.length() ? -1 : i;
    }
}
