package dev.nodes.operator.watch;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scrapes the service pods' {@code /metrics}, found through the Service's EndpointSlices: at most
 * {@code maxPods} of them, in parallel, each bounded by a connect timeout and an overall deadline, so
 * that a reconcile never waits longer than one deadline however the pods behave.
 */
public class MetricsScraper {
    public static final String PORT_NAME = "http";

    /** One pod to scrape. */
    public record Target(String key, String ip, int port) {
        URI uri() {
            String host = ip.contains(":") ? "[" + ip + "]" : ip;
            return URI.create("http://" + host + ":" + port + "/metrics");
        }
    }

    /** One pod's answer: counters, or why there are none. */
    public record Result(Target target, PodCounters counters, String error) {}

    private final HttpClient http;
    private final Duration timeout;
    private final int maxPods;

    /**
     * @param connectTimeout TCP connect timeout per pod
     * @param timeout        deadline for one pod's whole answer (connect, headers and body)
     * @param maxPods        at most this many pods are scraped per window
     */
    public MetricsScraper(Duration connectTimeout, Duration timeout, int maxPods) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.timeout = timeout;
        this.maxPods = maxPods;
    }

    public int maxPods() {
        return maxPods;
    }

    /** Scrapes the first {@code maxPods} targets in parallel; never throws, never waits past the deadline. */
    public List<Result> scrape(List<Target> targets) {
        List<Target> chosen = targets.subList(0, Math.min(maxPods, targets.size()));
        List<CompletableFuture<Result>> futures = new ArrayList<>();
        for (Target target : chosen) {
            HttpRequest request = HttpRequest.newBuilder(target.uri())
                    .timeout(timeout)
                    .header("Accept", "text/plain;version=0.0.4")
                    .GET()
                    .build();
            futures.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((response, failure) -> result(target, response, failure)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static Result result(Target target, HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String what =
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                what = "timed out";
            } else if (cause instanceof ConnectException) {
                what = "connection refused or unreachable";
            }
            return new Result(target, null, what);
        }
        if (response.statusCode() != 200) {
            return new Result(target, null, "HTTP " + response.statusCode());
        }
        try {
            return new Result(target, PodCounters.from(PrometheusText.parse(response.body())), null);
        } catch (PrometheusText.ParseException e) {
            return new Result(target, null, "unreadable metrics: " + e.getMessage());
        }
    }
}
