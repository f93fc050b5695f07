package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Forged, altered, expired and revoked tokens are all 401, through the cookie and the Bearer header alike.
 * Tokens are built by hand; a hand-built token with the right key and claims is accepted, so the 401s come
 * from the check under test and not from a broken token builder.
 */
@GatewayTest
class JwtAttackTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Value("${chatgateway.jwt.secret}")
    String secret;

    Account admin;
    Account member;

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
        member = accounts.newMember(admin, "user");
    }

    @Test
    void aHandBuiltTokenWithTheRightKeyIsAccepted() {
        String token = sign("HS256", "HmacSHA256", secret, claims(member, "user", 3600));
        assertAccepted(token);
    }

    @Test
    void unsignedTokenIsRefused() {
        String token = encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims(member, "admin", 3600)) + ".";
        assertRefused(token);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() {
        assertRefused(sign("HS256", "HmacSHA256", "another-secret-another-secret-0123456789", claims(member, "user", 3600)));
    }

    @Test
    void expiredTokenIsRefused() {
        assertRefused(sign("HS256", "HmacSHA256", secret, claims(member, "user", -60)));
    }

    @Test
    void tamperedPayloadIsRefused() {
        String token = member.client().token();
        String[] parts = token.split("\\.");
        Map<String, Object> claims = decode(parts[1]);
        claims.put("role", "admin");
        assertRefused(parts[0] + "." + encode(claims) + "." + parts[2]);
        // the admin route stays closed to the member, too
        assertThat(new ApiClient(port).withToken(parts[0] + "." + encode(claims) + "." + parts[2]).get("/api/team").status())
                .isEqualTo(401);
    }

    @Test
    void otherAlgorithmsWithTheSameKeyAreRefused() {
        assertRefused(sign("HS512", "HmacSHA512", secret, claims(member, "user", 3600)));
        assertRefused(sign("HS384", "HmacSHA384", secret, claims(member, "user", 3600)));
    }

    @Test
    void wrongIssuerOrMissingVersionIsRefused() {
        Map<String, Object> otherIssuer = claims(member, "user", 3600);
        otherIssuer.put("iss", "someone-else");
        assertRefused(sign("HS256", "HmacSHA256", secret, otherIssuer));
        Map<String, Object> noVersion = claims(member, "user", 3600);
        noVersion.remove("ver");
        assertRefused(sign("HS256", "HmacSHA256", secret, noVersion));
    }

    @Test
    void tokenOfADeactivatedUserIsRefused() {
        String token = member.client().token();
        assertAccepted(token);
        ApiClient.Response deactivated = admin.client().put("/api/team/members/" + member.userId(), Map.of("is_active", false));
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        assertRefused(token);
        // reactivating does not bring old tokens back
        admin.client().put("/api/team/members/" + member.userId(), Map.of("is_active", true));
        assertRefused(token);
    }

    @Test
    void tokenAfterLogoutIsRefused() {
        String token = member.client().token();
        assertThat(member.client().post("/api/auth/logout", Map.of()).status()).isEqualTo(200);
        assertRefused(token);
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[] {"garbage", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9.e30.", "Bearer"}) {
            assertRefused(garbage);
        }
    }

    @Test
    void demotionTakesEffectAtOnce() {
        Account second = accounts.newMember(admin, "admin");
        assertThat(second.client().get("/api/team").status()).isEqualTo(200);
        admin.client().put("/api/team/members/" + second.userId(), Map.of("role", "user"));
        assertThat(second.client().get("/api/team").status()).isIn(401, 403);
    }

    private void assertAccepted(String token) {
        ApiClient.Response viaCookie = new ApiClient(port).withToken(token).get("/api/auth/me");
        assertThat(viaCookie.status()).as(viaCookie.toString()).isEqualTo(200);
        ApiClient.Response viaBearer = new ApiClient(port).header("Authorization", "Bearer " + token).get("/api/auth/me");
        assertThat(viaBearer.status()).as(viaBearer.toString()).isEqualTo(200);
    }

    private void assertRefused(String token) {
        ApiClient.Response viaCookie = new ApiClient(port).withToken(token).get("/api/auth/me");
        assertThat(viaCookie.status()).as(token + " " + viaCookie).isEqualTo(401);
        assertThat(viaCookie.json().get("detail").isTextual()).isTrue();
        ApiClient.Response viaBearer = new ApiClient(port).header("Authorization", "Bearer " + token).get("/api/auth/me");
        assertThat(viaBearer.status()).as(token + " " + viaBearer).isEqualTo(401);
    }

    private static Map<String, Object> claims(Account account, String role, long expiresInSeconds) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", account.userId().toString());
        claims.put("iss", "chat-gateway");
        claims.put("iat", now - 120);
        claims.put("exp", now + expiresInSeconds);
        claims.put("team", account.teamId().toString());
        claims.put("role", role);
        claims.put("ver", 0);
        return claims;
    }

    private static String sign(String alg, String macAlgorithm, String key, Map<String, Object> claims) {
        try {
            String content = encode(Map.of("alg", alg, "typ", "JWT")) + "." + encode(claims);
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), macAlgorithm));
            return content + "." + B64.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String part) {
        try {
            return JSON.readValue(Base64.getUrlDecoder().decode(part), LinkedHashMap.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
