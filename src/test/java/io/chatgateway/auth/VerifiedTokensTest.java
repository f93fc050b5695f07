package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import io.chatgateway.auth.JwtService.TokenClaims;
import org.junit.jupiter.api.Test;

/** The cache of verified tokens answers only for the exact token and only until it expires. */
class VerifiedTokensTest {

    private final VerifiedTokens tokens = new VerifiedTokens();
    private final TokenClaims claims = new TokenClaims(UUID.randomUUID(), 3);

    @Test
    void knownTokenAnswersItsClaimsUntilItExpires() {
        tokens.remember("a.b.c", claims, Instant.now().plusSeconds(60));
        assertThat(tokens.claimsOf("a.b.c")).contains(claims);
        assertThat(tokens.claimsOf("a.b.c ")).isEmpty();
        assertThat(tokens.claimsOf("a.b.d")).isEmpty();
    }

    @Test
    void expiredTokenIsNoLongerKnown() {
        tokens.remember("a.b.c", claims, Instant.now().minusMillis(1));
        assertThat(tokens.claimsOf("a.b.c")).isEmpty();
    }
}
