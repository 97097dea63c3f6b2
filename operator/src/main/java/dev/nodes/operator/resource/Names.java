package dev.nodes.operator.resource;

/** Patterns shared by the schema annotations. */
final class Names {
    /** A Kubernetes object name (DNS-1123 subdomain). */
    static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
    /** Empty, or an object name. */
    static final String OPTIONAL_OBJECT_NAME = "^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)?$";
    /** Redis memory size as CONFIG SET accepts it, or "auto". */
    static final String MAXMEMORY = "^(auto|[0-9]+(b|k|kb|m|mb|g|gb)?)$";
    /** A duration such as 30s, 5m or 1h. */
    static final String DURATION = "^[0-9]+(s|m|h)$";

    private Names() {}
}
