package dev.nodes.profiling.bench;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Load goes only to loopback (127.0.0.0/8, ::1, localhost) or to a host the operator named with
 * {@code --allow-host}. Host names are compared literally and never resolved, so a DNS name that happens to point
 * at 127.0.0.1 still needs to be allowed explicitly.
 */
final class TargetPolicy {
    private TargetPolicy() {}

    /** Returns the target without a trailing slash, or throws when it is not allowed. */
    static URI check(String target, Set<String> allowedHosts) {
        URI uri = checkShape(target);
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!isLoopback(bare) && allowedHosts.stream().noneMatch(allowed -> sameHost(allowed, bare))) {
            throw new UsageException(
                    "refusing to send load to " + host + ": only loopback (127.0.0.0/8, ::1, localhost)"
                            + " is allowed unless --allow-host " + bare + " names it explicitly");
        }
        return uri;
    }

    /**
     * Only the URL's shape ({@code http(s)://host[:port][/prefix]}), any host: for {@code profile-job}, which the
     * operator runs inside the cluster against its own Service. Returns it without a trailing slash.
     */
    static URI checkShape(String target) {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--target is not a URL: " + target);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("--target must be an http:// or https:// URL: " + target);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UsageException("--target has no host: " + target);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new UsageException(
                    "--target must be scheme://host:port[/prefix], without query, fragment or user: " + target);
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        return isIpv4InLoopbackNet(h);
    }

    private static boolean isIpv4InLoopbackNet(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }

    private static boolean sameHost(String allowed, String host) {
        String a = allowed.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.equalsIgnoreCase(host);
    }
}
