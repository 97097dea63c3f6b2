package dev.nodes.service.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.users.KnownUsers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Verifies the HS256 bearer token of a request, applies the rate limit and records its user the first time it is seen. */
public final class Authenticator {
    private static final long CLOCK_SKEW_SECONDS = 30;
    /** Characters of tokens kept verified (a token is a few hundred): bounds the memory whatever their size. */
    private static final long VERIFIED_CHARACTERS = 4_000_000;

    private final JWTVerifier verifier;
    private final KnownUsers knownUsers;
    private final RateLimiter rateLimiter;
    private final Clock clock;
    /**
     * Tokens verified before, by their whole text (signature included), with their expiry: a client sends the
     * same token for its lifetime, and verifying it again (HMAC, two JSON parses) is most of what a cached read
     * costs beyond the HTTP stack. Only the expiry can turn a verified token invalid; it is checked on every use.
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumWeight(VERIFIED_CHARACTERS)
            .<String, Verified>weigher((token, caller) -> token.length())
            .build();

    private record Verified(Caller caller, long expiresAtSecond) {}

    public Authenticator(byte[] secret, KnownUsers knownUsers) {
        this(secret, knownUsers, RateLimiter.off());
    }

    public Authenticator(byte[] secret, KnownUsers knownUsers, RateLimiter rateLimiter) {
        this(secret, knownUsers, rateLimiter, Clock.systemUTC());
    }

    Authenticator(byte[] secret, KnownUsers knownUsers, RateLimiter rateLimiter, Clock clock) {
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(secret))
                        .acceptLeeway(CLOCK_SKEW_SECONDS)
                        .withClaimPresence("sub")
                        .withClaimPresence("exp"))
                .build(clock);
        this.knownUsers = knownUsers;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
    }

    public Caller authenticate(ServerRequest req) {
        Caller caller = verify(bearerToken(req));
        rateLimiter.acquire(caller);
        knownUsers.remember(caller);
        return caller;
    }

    Caller verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known != null) {
            if (clock.instant().getEpochSecond() <= known.expiresAtSecond() + CLOCK_SKEW_SECONDS) {
                return known.caller();
            }
            verified.invalidate(token);
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw ApiException.unauthenticated("the token has expired");
        } catch (JWTVerificationException e) {
            throw ApiException.unauthenticated("the token is not valid: " + e.getMessage());
        }
        // sub is a StringOrURI (RFC 7519): a number is refused, not read as its digits
        String subject = jwt.getClaim("sub").asString();
        if (subject == null || subject.isBlank() || subject.length() > 255) {
            throw ApiException.unauthenticated(
                    "the token's sub claim must be a non-blank string of at most 255 characters");
        }
        Claim roleClaim = jwt.getClaim("role");
        String roleName = null;
        if (!roleClaim.isMissing() && !roleClaim.isNull()) {
            roleName = roleClaim.asString(); // null for a number or a boolean
            if (roleName == null) {
                throw ApiException.unauthenticated("the token's role claim must be a string");
            }
        }
        Role role = Role.parse(roleName)
                .orElseThrow(() ->
                        ApiException.unauthenticated("the token's role claim must be one of user, moderator, admin"));
        Caller caller = new Caller(UserIds.fromSubject(subject), subject, role);
        verified.put(token, new Verified(caller, jwt.getExpiresAtAsInstant().getEpochSecond()));
        return caller;
    }

    private static String bearerToken(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            throw ApiException.unauthenticated("an Authorization: Bearer token is required");
        }
        String value = header.get().trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthenticated("the Authorization header must be 'Bearer <token>'");
        }
        return value.substring(7).trim();
    }

    /** Mints a token; used by dev mode to print a usable admin token, and by tests and the benchmark. */
    public static String mint(byte[] secret, String subject, Role role, long ttlSeconds) {
        return JWT.create()
                .withSubject(subject)
                .withClaim("role", role.claim())
                .withExpiresAt(Instant.now().plusSeconds(ttlSeconds))
                .sign(Algorithm.HMAC256(secret));
    }

    public static byte[] secretBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
