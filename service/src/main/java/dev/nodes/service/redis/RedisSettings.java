package dev.nodes.service.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Where Redis is and how long to wait for it, from {@code APP_REDIS_URL} = {@code redis://[[user]:password@]host:port[/db]}.
 * Timeouts are short on purpose: an unreachable Redis must cost a request milliseconds, not seconds.
 */
public record RedisSettings(
        String host,
        int port,
        Optional<String> user,
        Optional<String> password,
        int database,
        Duration connectTimeout,
        Duration socketTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    public RedisSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Redis host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port out of range: " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("Redis database must be >= 0");
        }
    }

    /** Parses the URL; the message of the exception names {@code APP_REDIS_URL} but never echoes the password. */
    public static RedisSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid("not a URI");
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme())) {
            throw invalid("the scheme must be redis://");
        }
        if (uri.getHost() == null) {
            throw invalid("the host is missing");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String rawPassword = colon < 0 ? "" : userInfo.substring(colon + 1);
            if (colon < 0) {
                // redis://secret@host is the common shorthand for a password without a user
                rawPassword = rawUser;
                rawUser = "";
            }
            user = rawUser.isEmpty() ? Optional.empty() : Optional.of(decode(rawUser));
            password = rawPassword.isEmpty() ? Optional.empty() : Optional.of(decode(rawPassword));
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid("the path must be a database number");
            }
            if (database < 0) {
                throw invalid("the database number must be >= 0");
            }
        }
        return new RedisSettings(uri.getHost(), port, user, password, database, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public RedisSettings withTimeouts(Duration connect, Duration socket) {
        return new RedisSettings(host, port, user, password, database, connect, socket);
    }

    /** host:port/db, safe to log. */
    public String describe() {
        return host + ":" + port + "/" + database;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(
                "APP_REDIS_URL is invalid (" + why + "); expected redis://[:password@]host:port[/db]");
    }
}
