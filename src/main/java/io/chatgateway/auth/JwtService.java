package io.chatgateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.SecretKey;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.JsonBuffers;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import io.jsonwebtoken.security.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Issues and verifies the HS256 access tokens. Only HS256 signed with our key is ever accepted. */
@Service
public class JwtService {

    private static final Logger log = LoggerFactory.getLogger(JwtService.class);
    private static final int MIN_SECRET_BYTES = 32;
    /**
     * jjwt's own Jackson settings (a claim named twice is refused), with Jackson's buffers from the shared pool
     * ({@link JsonBuffers}): a token is parsed on its request's thread, which a streaming request keeps for minutes.
     */
    private static final ObjectMapper TOKEN_JSON = new ObjectMapper(JsonBuffers.factory())
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final SecretKey key;
    private final String issuer;
    private final Duration expiry;
    private final JwtParser parser;
    private final VerifiedTokens verified = new VerifiedTokens();

    public JwtService(GatewayProperties properties) {
        this.key = Keys.hmacShaKeyFor(secretBytes(properties));
        this.issuer = properties.jwt().issuer();
        this.expiry = properties.jwt().expiry();
        this.parser = Jwts.parser().json(new JacksonDeserializer<>(TOKEN_JSON)).verifyWith(key).requireIssuer(issuer).build();
    }

    public Duration expiry() {
        return expiry;
    }

    public String issue(UUID userId, UUID teamId, String role, int tokenVersion) {
        Instant now = Instant.now();
        return Jwts.builder()
                .header().add("typ", "JWT").and()
                .subject(userId.toString())
                .issuer(issuer)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(expiry)))
                .claim("team", teamId.toString())
                .claim("role", role)
                .claim("ver", tokenVersion)
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    /** The token's claims, or empty when it is unsigned, signed otherwise, expired, tampered or malformed. */
    public Optional<TokenClaims> verify(String token) {
        Optional<TokenClaims> known = verified.claimsOf(token);
        if (known.isPresent()) {
            return known;
        }
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            Claims claims = jws.getPayload();
            Integer version = claims.get("ver", Integer.class);
            if (claims.getSubject() == null || version == null) {
                return Optional.empty();
            }
            TokenClaims tokenClaims = new TokenClaims(UUID.fromString(claims.getSubject()), version);
            if (claims.getExpiration() != null) {
                verified.remember(token, tokenClaims, claims.getExpiration().toInstant());
            }
            return Optional.of(tokenClaims);
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record TokenClaims(UUID userId, int tokenVersion) {
    }

    private static byte[] secretBytes(GatewayProperties properties) {
        String secret = properties.jwt().secret();
        if (secret != null && !secret.isBlank()) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("JWT_SECRET_KEY must be at least " + MIN_SECRET_BYTES + " bytes long");
            }
            return bytes;
        }
        if (properties.isProduction()) {
            throw new IllegalStateException(
                    "ENVIRONMENT=production needs JWT_SECRET_KEY (at least " + MIN_SECRET_BYTES + " random bytes)");
        }
        log.warn("JWT_SECRET_KEY is not set: using a key generated for this run (development only; "
                + "sessions end when the service restarts)");
        byte[] generated = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(generated);
        return generated;
    }
}
