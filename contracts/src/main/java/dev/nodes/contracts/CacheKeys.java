package dev.nodes.contracts;

/** The node cache's Redis keys: the service writes them, the operator samples them to size {@code maxmemory}. */
public final class CacheKeys {
    /** The namespace when none is configured (the operator configures none). */
    public static final String DEFAULT_NAMESPACE = "product";

    private CacheKeys() {}

    /** What every key of the node cache in {@code namespace} starts with (the version changes with the format). */
    public static String prefix(String namespace) {
        return namespace + ":nodes:v1:";
    }

    /** A cached node, by its id. */
    public static String nodeById(String namespace, String id) {
        return prefix(namespace) + "id:" + id;
    }
}
