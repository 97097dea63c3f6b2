package dev.nodes.profiling.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The suite's HTTP client: the JDK's over HTTP/1.1, because the fuzzer needs what a load generator never sends
 * (any method, any Content-Type or none, raw bytes that are not JSON). Every call answers: a request that got no
 * HTTP response is an {@link Answer} with status {@link #NO_ANSWER}. Loopback only: the target is the service
 * this suite started.
 */
final class FaultHttp implements AutoCloseable {
    static final int NO_ANSWER = 0;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One request as the fuzzer and the load build it; {@code body} null sends none. */
    record Call(String method, String path, String token, String contentType, byte[] body) {
        static Call json(String method, String path, String token, String json) {
            return new Call(
                    method,
                    path,
                    token,
                    "application/json",
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        }

        String describe() {
            return method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path);
        }
    }

    /** The status and body of an answer, how long it took; {@code error} the transport failure when there was none. */
    record Answer(int status, String body, String error, long millis) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The contract's {@code error.code}, or "" when the body has none. */
        String errorCode() {
            JsonNode json = json();
            return json == null ? "" : json.path("error").path("code").asText("");
        }

        JsonNode json() {
            try {
                return body == null || body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException notJson) {
                return null;
            }
        }

        String describe() {
            if (status == NO_ANSWER) {
                return "no answer (" + error + ")";
            }
            String text = body == null ? "" : body.strip();
            return status + " " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    private final URI target;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    FaultHttp(URI target) {
        this.target = target;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    URI target() {
        return target;
    }

    Answer send(Call call) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + call.path()))
                    .timeout(TIMEOUT)
                    .method(
                            call.method(),
                            call.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(call.body()));
            if (call.token() != null) {
                request.header("Authorization", "Bearer " + call.token());
            }
            if (call.contentType() != null && call.body() != null) {
                request.header("Content-Type", call.contentType());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), null, millisSince(start));
        } catch (IOException | IllegalArgumentException e) {
            return new Answer(NO_ANSWER, null, e.toString(), millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(NO_ANSWER, null, "interrupted", millisSince(start));
        }
    }

    /**
     * What the JDK client cannot send: a request written byte for byte on a socket of its own (a broken chunked
     * body, say). The status line of the answer is read; the connection is closed after it.
     */
    Answer raw(String head, byte[] body) {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), target.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            String[] statusLine = answer.split("\r\n", 2)[0].split(" ");
            if (statusLine.length < 2) {
                return new Answer(NO_ANSWER, null, "no status line: " + answer, millisSince(start));
            }
            int split = answer.indexOf("\r\n\r\n");
            return new Answer(
                    Integer.parseInt(statusLine[1]),
                    split < 0 ? "" : answer.substring(split + 4),
                    null,
                    millisSince(start));
        } catch (IOException | NumberFormatException e) {
            return new Answer(NO_ANSWER, null, e.toString(), millisSince(start));
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public void close() {
        client.close();
        executor.close();
    }
}
