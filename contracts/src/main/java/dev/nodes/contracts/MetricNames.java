package dev.nodes.contracts;

/** What the service exposes on /metrics and the operator's regression watch reads back. */
public final class MetricNames {
    /** Histogram of the requests served, labelled {@code method}, {@link #LABEL_ROUTE} and {@code status}. */
    public static final String HTTP_REQUESTS = "http_server_requests_seconds";
    /** The histogram's cumulative buckets, as the text format names them. */
    public static final String HTTP_REQUESTS_BUCKET = HTTP_REQUESTS + "_bucket";
    /** The route template (never the raw path): bounded label values. */
    public static final String LABEL_ROUTE = "route";

    /** Node-cache lookups, labelled {@link #LABEL_RESULT} and {@code backend}. */
    public static final String CACHE_REQUESTS = "nodes_cache_requests_total";

    public static final String LABEL_RESULT = "result";
    public static final String RESULT_HIT = "hit";
    public static final String RESULT_MISS = "miss";

    /** The JVM's start (Prometheus' JVM metrics): a new value is a restarted process, whose counters began again. */
    public static final String PROCESS_START = "process_start_time_seconds";

    private MetricNames() {}
}
