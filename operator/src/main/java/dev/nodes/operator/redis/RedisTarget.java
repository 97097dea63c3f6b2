package dev.nodes.operator.redis;

/** Where the service's Redis is, as the operator reaches it. */
public record RedisTarget(String host, int port, String password) {
    @Override
    public String toString() {
        return host + ":" + port; // never the password
    }
}
