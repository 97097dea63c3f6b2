package dev.nodes.operator.realserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A stand-in for a service pod's {@code /metrics}, run inside the network-namespace test host (the API
 * server refuses loopback addresses in Endpoints). Every scrape first "serves" 100 requests to
 * {@code /v1/nodes/{ref}} and 100 node-cache lookups, with the latency and hit ratio of the mode
 * named in the mode file ({@code fast} or {@code slow}), so that consecutive scrapes differ by exactly
 * one such batch. Args: ADDRESS PORT MODE_FILE.
 */
public final class MetricsSource {
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long START = System.currentTimeMillis() / 1000;
    private static final long[] buckets = new long[BOUNDS.length + 1]; // per bucket, not cumulative; last is +Inf
    private static long hits;
    private static long misses;

    private MetricsSource() {}

    public static void main(String[] args) throws IOException {
        Path modeFile = Path.of(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 16);
        server.createContext("/metrics", exchange -> {
            String mode = Files.exists(modeFile) ? Files.readString(modeFile).strip() : "fast";
            byte[] body;
            synchronized (MetricsSource.class) {
                serveBatch(mode);
                body = render().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("listening on " + args[0] + ":" + args[1]);
    }

    /** fast: 100 requests between 1 and 2.5 ms, 95 % hits; slow: between 10 and 25 ms, 50 % hits. */
    static void serveBatch(String mode) {
        if ("slow".equals(mode)) {
            buckets[5] += 100; // (10 ms, 25 ms]
            hits += 50;
            misses += 50;
        } else {
            buckets[2] += 100; // (1 ms, 2.5 ms]
            hits += 95;
            misses += 5;
        }
    }

    static String render() {
        StringBuilder s = new StringBuilder();
        s.append("# HELP http_server_requests_seconds HTTP requests served, by route template\n");
        s.append("# TYPE http_server_requests_seconds histogram\n");
        long cumulative = 0;
        String labels = "method=\"GET\",route=\"/v1/nodes/{ref}\",status=\"200\"";
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += buckets[i];
            s.append("http_server_requests_seconds_bucket{")
                    .append(labels)
                    .append(",le=\"")
                    .append(BOUNDS[i])
                    .append("\"} ")
                    .append(cumulative)
                    .append('\n');
        }
        cumulative += buckets[BOUNDS.length];
        s.append("http_server_requests_seconds_bucket{")
                .append(labels)
                .append(",le=\"+Inf\"} ")
                .append(cumulative)
                .append('\n');
        s.append("http_server_requests_seconds_count{")
                .append(labels)
                .append("} ")
                .append(cumulative)
                .append('\n');
        s.append("http_server_requests_seconds_sum{")
                .append(labels)
                .append("} ")
                .append(String.format(Locale.ROOT, "%.3f", cumulative * 0.002))
                .append('\n');
        s.append("# TYPE nodes_cache_requests_total counter\n");
        s.append("nodes_cache_requests_total{backend=\"redis\",result=\"hit\"} ")
                .append(hits)
                .append('\n');
        s.append("nodes_cache_requests_total{backend=\"redis\",result=\"miss\"} ")
                .append(misses)
                .append('\n');
        s.append("# TYPE process_start_time_seconds gauge\n");
        s.append("process_start_time_seconds ").append(START).append('\n');
        return s.toString();
    }
}
