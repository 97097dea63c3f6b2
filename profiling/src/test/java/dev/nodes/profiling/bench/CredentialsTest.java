package dev.nodes.profiling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.nodes.service.auth.Authenticator;
import dev.nodes.service.auth.Role;
import dev.nodes.service.auth.UserIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void mintedTokensHaveTheServicesClaimsAndUserIds() {
        Credentials credentials = Credentials.minted(SECRET, Duration.ofHours(1));
        DecodedJWT admin = JWT.require(Algorithm.HMAC256(SECRET))
                .build()
                .verify(credentials.admin().token());
        assertEquals("bench-admin", admin.getSubject());
        assertEquals("admin", admin.getClaim("role").asString());
        assertTrue(admin.getExpiresAtAsInstant().isAfter(Instant.now().plusSeconds(3000)));
        assertEquals(UserIds.fromSubject("bench-admin"), credentials.admin().id());
        assertEquals(Credentials.USERS, credentials.users().size());
        for (BenchUser user : credentials.users()) {
            DecodedJWT jwt = JWT.require(Algorithm.HMAC256(SECRET)).build().verify(user.token());
            assertEquals("user", jwt.getClaim("role").asString());
            assertEquals(UserIds.fromSubject(user.subject()), user.id());
        }
        assertEquals(Credentials.AUTHORS, credentials.authors().size());
        assertEquals(
                Credentials.AUTHORS,
                credentials.authors().stream().map(BenchUser::id).distinct().count());
        assertTrue(credentials.authors().stream().noneMatch(credentials.users()::contains));
    }

    @Test
    void aSingleTokenPlaysEveryPart() {
        String token = Authenticator.mint(SECRET, "ops-admin", Role.ADMIN, 600);
        Credentials credentials = Credentials.single(token);
        assertEquals(credentials.admin(), credentials.users().getFirst());
        assertEquals(credentials.admin(), credentials.authors().getFirst());
        assertEquals(UserIds.fromSubject("ops-admin"), credentials.admin().id());
        UUID uuidSubject = UUID.randomUUID();
        assertEquals(uuidSubject, Credentials.userId(uuidSubject.toString()));
        assertThrows(UsageException.class, () -> Credentials.single("not-a-jwt"));
    }
}
