package dev.nodes.operator.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The operator process's settings, from environment variables.
 *
 * @param watchNamespaces          empty: all namespaces
 * @param leaderElection           whether to hold a Lease before reconciling (for more than one replica)
 * @param leaseName                the Lease's name
 * @param leaseNamespace           the Lease's namespace (the operator's own)
 * @param httpPort                 port of /metrics, /healthz and /readyz
 * @param resyncInterval           how often each resource is reconciled without an event (Redis drift)
 * @param redisTimeout             connect and read timeout towards Redis
 * @param scrapeTimeout            deadline for one pod's /metrics (connect: at most half of it)
 * @param scrapeMaxPods            at most this many pods are scraped per watch window
 */
public record OperatorSettings(
        Set<String> watchNamespaces,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        int httpPort,
        Duration resyncInterval,
        Duration redisTimeout,
        Duration scrapeTimeout,
        int scrapeMaxPods) {

    /** The defaults for the regression watch's scrapes. */
    public OperatorSettings(
            Set<String> watchNamespaces,
            boolean leaderElection,
            String leaseName,
            String leaseNamespace,
            int httpPort,
            Duration resyncInterval,
            Duration redisTimeout) {
        this(
                watchNamespaces,
                leaderElection,
                leaseName,
                leaseNamespace,
                httpPort,
                resyncInterval,
                redisTimeout,
                Duration.ofMillis(DEFAULT_SCRAPE_TIMEOUT_MILLIS),
                DEFAULT_SCRAPE_MAX_PODS);
    }

    public static final long DEFAULT_SCRAPE_TIMEOUT_MILLIS = 2000;
    public static final int DEFAULT_SCRAPE_MAX_PODS = 10;

    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        return new OperatorSettings(
                namespaces(env.getOrDefault("WATCH_NAMESPACES", "")),
                Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION_ENABLED", "false")),
                env.getOrDefault("LEADER_ELECTION_LEASE_NAME", "nodes-operator-leader"),
                env.getOrDefault("LEADER_ELECTION_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "default")),
                Integer.parseInt(env.getOrDefault("OPERATOR_HTTP_PORT", "8081")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("RESYNC_INTERVAL_SECONDS", "60"))),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("REDIS_TIMEOUT_MILLIS", "2000"))),
                Duration.ofMillis(Long.parseLong(env.getOrDefault(
                        "METRICS_SCRAPE_TIMEOUT_MILLIS", Long.toString(DEFAULT_SCRAPE_TIMEOUT_MILLIS)))),
                Integer.parseInt(
                        env.getOrDefault("METRICS_SCRAPE_MAX_PODS", Integer.toString(DEFAULT_SCRAPE_MAX_PODS))));
    }

    static Set<String> namespaces(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
