package dev.nodes.service.nodes.cache;

import dev.nodes.contracts.CacheKeys;

/**
 * The Redis keys of one namespace. Entries: {@code <ns>:nodes:v1:id:<id>} and {@code <ns>:nodes:v1:slug:<slug>};
 * bookkeeping for the cap: {@code <ns>:nodes:v1:index} (sorted set of node ids by last use),
 * {@code <ns>:nodes:v1:index:slugs} (hash id -> cached slug) and {@code <ns>:nodes:v1:index:clock}; the read-token
 * rule: {@code <ns>:nodes:v1:index:stamp} (invalidation counter), {@code <ns>:nodes:v1:stamp:id:<id>} and
 * {@code <ns>:nodes:v1:stamp:slug:<slug>} (the counter value of the last invalidate of that key).
 */
record NodeCacheKeys(String namespace) {

    NodeCacheKeys {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("cache namespace must not be blank");
        }
    }

    String prefix() {
        return CacheKeys.prefix(namespace);
    }

    String idPrefix() {
        return prefix() + "id:";
    }

    String slugPrefix() {
        return prefix() + "slug:";
    }

    String id(long id) {
        return idPrefix() + id;
    }

    String slug(String slug) {
        return slugPrefix() + slug;
    }

    String index() {
        return prefix() + "index";
    }

    String indexSlugs() {
        return prefix() + "index:slugs";
    }

    String indexClock() {
        return prefix() + "index:clock";
    }

    String stampCounter() {
        return prefix() + "index:stamp";
    }

    String stampPrefix() {
        return prefix() + "stamp:";
    }

    String idStamp(long id) {
        return stampPrefix() + "id:" + id;
    }

    String slugStamp(String slug) {
        return stampPrefix() + "slug:" + slug;
    }

    /** SCAN patterns matching every entry and tombstone of the namespace (not the view keys). */
    String[] entryPatterns() {
        String escaped = globEscape(prefix());
        return new String[] {escaped + "id:*", escaped + "slug:*"};
    }

    private static String globEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
