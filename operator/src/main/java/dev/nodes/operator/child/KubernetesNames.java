package dev.nodes.operator.child;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Child names that fit Kubernetes' limits for any name the CRD accepts (a DNS subdomain of up to 253 characters):
 * Job names and label values at most 63 characters, Service names DNS-1035 labels. A name that fits is used as it
 * is; a longer one keeps its start and gets 8 hex characters of its SHA-256, so two long names that share a
 * prefix still differ.
 */
public final class KubernetesNames {
    public static final int MAX_LABEL = 63;
    private static final int HASH_CHARS = 8;

    private KubernetesNames() {}

    /** {@code base + suffix}, shortened to {@code max} characters when needed (the suffix is kept whole). */
    public static String fit(String base, String suffix, int max) {
        if (base.length() + suffix.length() <= max) {
            return base + suffix;
        }
        int keep = max - suffix.length() - HASH_CHARS - 1;
        if (keep < 1) {
            throw new IllegalArgumentException("suffix " + suffix + " leaves no room in " + max + " characters");
        }
        String start = trimEnd(base.substring(0, keep));
        return start + "-" + hash(base) + suffix;
    }

    /** A DNS-1035 label from a DNS subdomain: dots become dashes, a leading digit gets a letter, at most 63. */
    public static String dns1035Label(String name) {
        String label = name.replace('.', '-');
        if (!label.isEmpty() && !Character.isLetter(label.charAt(0))) {
            label = "n" + label;
        }
        return label.equals(name) && name.length() <= MAX_LABEL ? name : fit(trimEnd(label), "", MAX_LABEL);
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 1 && (s.charAt(end - 1) == '-' || s.charAt(end - 1) == '.')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
