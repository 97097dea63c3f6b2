package dev.nodes.profiling.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The tokens the benchmark sends. With the service's secret it mints, in the service's format (HS256, claims sub,
 * exp, role), one admin ({@code bench-admin}), the readers that send the load ({@code bench-user-N}) and the
 * authors of the seeded nodes ({@code bench-author-N}: enough of them that an author's nodes are a small part of
 * the table, as in real data, which is what the planner sees for the author listing). With a single
 * {@code --token} that one caller plays every part. {@code viewers} mints the n-th distinct viewer of this run
 * ({@code bench-viewer-<run>-<n>}, so a rerun on the same day still brings new viewers); without the secret it is
 * the one caller again.
 */
public record Credentials(
        BenchUser admin, List<BenchUser> users, List<BenchUser> authors, LongFunction<String> viewers) {
    static final int USERS = 4;
    static final int AUTHORS = 16;
    private static final UUID DNS_NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    public static Credentials minted(byte[] secret, Duration ttl) {
        Algorithm algorithm = Algorithm.HMAC256(secret);
        BenchUser admin = mint(algorithm, "bench-admin", "admin", ttl);
        List<BenchUser> users = new ArrayList<>();
        for (int i = 1; i <= USERS; i++) {
            users.add(mint(algorithm, "bench-user-" + i, "user", ttl));
        }
        List<BenchUser> authors = new ArrayList<>();
        for (int i = 1; i <= AUTHORS; i++) {
            authors.add(mint(algorithm, "bench-author-" + i, "user", ttl));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        LongFunction<String> viewers = n ->
                mint(algorithm, "bench-viewer-" + run + "-" + n, "user", ttl).token();
        return new Credentials(admin, List.copyOf(users), List.copyOf(authors), viewers);
    }

    static Credentials single(String token) {
        String subject;
        try {
            subject = JWT.decode(token).getSubject();
        } catch (JWTDecodeException e) {
            throw new UsageException("--token is not a JWT: " + e.getMessage());
        }
        if (subject == null || subject.isBlank()) {
            throw new UsageException("--token has no sub claim");
        }
        BenchUser user = new BenchUser(subject, userId(subject), token);
        return new Credentials(user, List.of(user), List.of(user), n -> token);
    }

    /** No token at all: only the anonymous scenarios ({@code ops:health}) can run. */
    static Credentials anonymous() {
        BenchUser nobody = new BenchUser("anonymous", new UUID(0, 0), null);
        return new Credentials(nobody, List.of(nobody), List.of(nobody), n -> null);
    }

    static Credentials from(BenchOptions options) {
        Duration ttl = Duration.ofHours(12);
        Optional<Credentials> fromSecret = options.jwtSecret().map(secret -> minted(secret, ttl));
        return fromSecret.or(() -> options.token().map(Credentials::single)).orElseGet(Credentials::anonymous);
    }

    private static BenchUser mint(Algorithm algorithm, String subject, String role, Duration ttl) {
        String token = JWT.create()
                .withSubject(subject)
                .withClaim("role", role)
                .withExpiresAt(Instant.now().plus(ttl))
                .sign(algorithm);
        return new BenchUser(subject, userId(subject), token);
    }

    /** The service's rule: the subject when it is a UUID, else UUIDv5(DNS namespace, "user:" + subject). */
    public static UUID userId(String subject) {
        try {
            UUID parsed = UUID.fromString(subject);
            if (parsed.toString().equalsIgnoreCase(subject)) {
                return parsed;
            }
        } catch (IllegalArgumentException notAUuid) {
            // name-based below
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16)
                    .putLong(DNS_NAMESPACE.getMostSignificantBits())
                    .putLong(DNS_NAMESPACE.getLeastSignificantBits())
                    .array());
            byte[] hash = sha1.digest(("user:" + subject).getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(buffer.getLong(), buffer.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
