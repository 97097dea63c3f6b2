package dev.nodes.service.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Maps a token subject to a user id: the subject itself when it is a UUID, else UUIDv5(DNS, "user:" + sub). */
public final class UserIds {
    private static final UUID DNS_NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    private UserIds() {}

    public static UUID fromSubject(String subject) {
        // checked before parsing: a thrown exception per request for every non-UUID subject showed in profiles
        if (looksLikeUuid(subject)) {
            try {
                UUID parsed = UUID.fromString(subject);
                if (parsed.toString().equalsIgnoreCase(subject)) {
                    return parsed;
                }
            } catch (IllegalArgumentException notAUuid) {
                // fall through to the name-based id
            }
        }
        return nameBased(DNS_NAMESPACE, "user:" + subject);
    }

    private static boolean looksLikeUuid(String s) {
        return s.length() == 36
                && s.charAt(8) == '-'
                && s.charAt(13) == '-'
                && s.charAt(18) == '-'
                && s.charAt(23) == '-';
    }

    /** RFC 4122 version 5 (SHA-1, name-based) UUID. */
    static UUID nameBased(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits())
                    .array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(buffer.getLong(), buffer.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
