package dev.nodes.service.nodes.cache;

/** Reads what the cache needs from a representation without parsing it. */
final class CachedJson {
    private static final String ID_FIRST = "{\"id\":";

    private CachedJson() {}

    /**
     * The node id a representation starts with ({@code Node}'s property order puts it first), or -1 when it does
     * not start that way: then the hit is simply not reported for the eviction order.
     */
    static long leadingId(String json) {
        if (!json.startsWith(ID_FIRST)) {
            return -1;
        }
        long id = 0;
        int i = ID_FIRST.length();
        int end = Math.min(json.length(), i + 19);
        for (; i < end; i++) {
            char c = json.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            id = id * 10 + (c - '0');
        }
        return i == ID_FIRST.length() ? -1 : id;
    }
}
