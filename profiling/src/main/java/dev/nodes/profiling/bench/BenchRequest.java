package dev.nodes.profiling.bench;

/** One HTTP request of a scenario: path relative to the target, bearer token (or null), JSON body (or null). */
record BenchRequest(String method, String path, String token, String body) {

    static BenchRequest get(String path, String token) {
        return new BenchRequest("GET", path, token, null);
    }

    static BenchRequest post(String path, String token, String body) {
        return new BenchRequest("POST", path, token, body);
    }
}
