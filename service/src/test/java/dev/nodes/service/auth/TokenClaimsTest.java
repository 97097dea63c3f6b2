package dev.nodes.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import dev.nodes.service.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The contract's claims, exactly: roles are user, moderator, admin in lower case; sub is a string. */
class TokenClaimsTest {
    private static final byte[] SECRET = "claims-test-secret-claims-test-secret-0123".getBytes(StandardCharsets.UTF_8);
    private final Authenticator authenticator = new Authenticator(SECRET, null);

    @Test
    void theContractsRolesAreGrantedAndAnAbsentRoleIsUser() {
        assertEquals(
                Role.ADMIN,
                authenticator
                        .verify(token(b -> b.withSubject("a").withClaim("role", "admin")))
                        .role());
        assertEquals(
                Role.MODERATOR,
                authenticator
                        .verify(token(b -> b.withSubject("a").withClaim("role", "moderator")))
                        .role());
        assertEquals(
                Role.USER,
                authenticator
                        .verify(token(b -> b.withSubject("a").withClaim("role", "user")))
                        .role());
        assertEquals(
                Role.USER, authenticator.verify(token(b -> b.withSubject("a"))).role());
    }

    @Test
    void anotherSpellingOrTypeOfRoleIsRefused() {
        for (UnaryOperator<JWTCreator.Builder> role : List.<UnaryOperator<JWTCreator.Builder>>of(
                b -> b.withClaim("role", "ADMIN"),
                b -> b.withClaim("role", "Admin"),
                b -> b.withClaim("role", " admin"),
                b -> b.withClaim("role", "root"),
                b -> b.withClaim("role", 1),
                b -> b.withClaim("role", true))) {
            ApiException e = assertThrows(
                    ApiException.class, () -> authenticator.verify(token(b -> role.apply(b.withSubject("a")))));
            assertEquals("unauthenticated", e.code());
            assertEquals(401, e.status().code());
        }
    }

    @Test
    void aNumericOrBlankSubjectIsRefused() {
        ApiException numeric =
                assertThrows(ApiException.class, () -> authenticator.verify(token(b -> b.withClaim("sub", 42))));
        assertTrue(numeric.getMessage().contains("sub"), numeric.getMessage());
        assertThrows(ApiException.class, () -> authenticator.verify(token(b -> b.withSubject(" "))));
        assertThrows(ApiException.class, () -> authenticator.verify(token(b -> b.withSubject("x".repeat(256)))));
    }

    @Test
    void aUuidSubjectIsTheUserIdAndAnotherStringMapsToItsNameBasedId() {
        UUID id = UUID.randomUUID();
        assertEquals(
                id,
                authenticator.verify(token(b -> b.withSubject(id.toString()))).userId());
        assertEquals(
                UserIds.fromSubject("42"),
                authenticator.verify(token(b -> b.withSubject("42"))).userId());
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItHasExpired() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        Authenticator timed = new Authenticator(SECRET, null, RateLimiter.off(), clock);
        String token =
                token(b -> b.withSubject("expiring").withExpiresAt(now.get().plusSeconds(10)));
        assertEquals("expiring", timed.verify(token).subject());
        // the second use is answered from what the first verified, and still as that caller
        assertEquals("expiring", timed.verify(token).subject());
        now.set(now.get().plusSeconds(10 + 30 + 1)); // past the expiry and the 30 s leeway
        ApiException expired = assertThrows(ApiException.class, () -> timed.verify(token));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        // another token of the same subject, signed with another secret, is never taken for the verified one
        String forged = JWT.create()
                .withSubject("expiring")
                .withExpiresAt(now.get().plusSeconds(60))
                .sign(Algorithm.HMAC256(
                        "another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8)));
        assertThrows(ApiException.class, () -> timed.verify(forged));
    }

    private static String token(UnaryOperator<JWTCreator.Builder> claims) {
        return claims.apply(JWT.create().withExpiresAt(Instant.now().plusSeconds(60)))
                .sign(Algorithm.HMAC256(SECRET));
    }
}
