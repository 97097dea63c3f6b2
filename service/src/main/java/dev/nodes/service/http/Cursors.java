package dev.nodes.service.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque keyset cursors: the position (for example the last id) plus a truncated HMAC, so a tampered or
 * invented cursor is recognised and refused as {@code invalid_query} instead of reaching SQL.
 */
public final class Cursors {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int SIGNATURE_BYTES = 12;
    private static final String SEPARATOR = "\n";

    private final SecretKeySpec key;

    public Cursors(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A cursor for one list (the scope), so a cursor of one endpoint is refused by another. */
    public String encode(String scope, String... parts) {
        byte[] payload = (scope + SEPARATOR + String.join(SEPARATOR, parts)).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
    }

    /** The parts of a cursor given as query parameter {@code cursor}, checked for tampering and arity. */
    public Optional<List<String>> decode(QueryParams query, String scope, int expectedParts) {
        Optional<String> raw = query.string("cursor");
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return Optional.empty();
        }
        String[] halves = raw.get().split("\\.", -1);
        try {
            if (halves.length == 2) {
                byte[] payload = DECODER.decode(halves[0]);
                byte[] signature = DECODER.decode(halves[1]);
                if (MessageDigest.isEqual(signature, sign(payload))) {
                    List<String> parts = List.of(new String(payload, StandardCharsets.UTF_8).split(SEPARATOR, -1));
                    if (parts.size() == expectedParts + 1 && parts.getFirst().equals(scope)) {
                        return Optional.of(parts.subList(1, parts.size()));
                    }
                }
            }
        } catch (IllegalArgumentException ignored) {
            // not base64: reported below like any other tampering
        }
        throw ApiException.invalidQuery("cursor", "is not a cursor this endpoint issued");
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
