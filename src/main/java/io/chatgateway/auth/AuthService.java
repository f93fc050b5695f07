package io.chatgateway.auth;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.JsonFields;
import io.chatgateway.team.TeamDirectory;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.function.SingletonSupplier;

/** Register, log in, log out and "who am I" — the logic behind routes/auth.camel.yaml. */
@Service("authService")
public class AuthService {

    public static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt ignores everything past 72 bytes; refuse longer passwords rather than truncate silently. */
    public static final int MAX_PASSWORD_LENGTH = 72;
    private static final String REGISTRATION_REFUSED =
            "Registration failed: the invite or team is not valid for this email, or the email cannot be used";

    private final AccountDirectory accounts;
    private final ActiveSessions sessions;
    private final TeamDirectory teams;
    private final PasswordEncoder passwords;
    private final JwtService jwt;
    private final AuthCookie cookie;
    private final LoginRateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final GatewayProperties properties;
    /**
     * Compared against when the email is unknown, so that timing does not reveal which emails exist. Hashed at the
     * first login (whatever its email) rather than at start-up, where a cost-12 bcrypt on a cold JVM took 0.3-0.5 s.
     */
    private final Supplier<String> dummyHash;

    public AuthService(AccountDirectory accounts, ActiveSessions sessions, TeamDirectory teams,
                       PasswordEncoder passwords, JwtService jwt, AuthCookie cookie, LoginRateLimiter rateLimiter,
                       ClientAddress clientAddress, GatewayProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.teams = teams;
        this.passwords = passwords;
        this.jwt = jwt;
        this.cookie = cookie;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.properties = properties;
        this.dummyHash = SingletonSupplier.of(() -> {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            return passwords.encode(UUID.nameUUIDFromBytes(random).toString());
        });
    }

    @Transactional
    public Map<String, Object> register(Map<String, Object> body, Exchange exchange) {
        JsonFields fields = JsonFields.of(body);
        String email = fields.email("email");
        String password = fields.rawText("password", true, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH);
        String name = fields.text("name", false, 1, 100);
        String inviteToken = fields.text("invite_token", false, 1, 200);
        String teamSlug = fields.text("team_slug", false, 1, 100);
        String teamName = fields.text("team_name", false, 1, 100);

        if (inviteToken == null && teamSlug == null && teamName == null) {
            throw ApiException.invalid("invite_token", "one of invite_token, team_slug or team_name is required");
        }
        if (inviteToken == null && teamSlug == null && !properties.auth().openRegistration()) {
            throw ApiException.forbidden("Creating a team by registering is disabled; ask a team admin for an invite");
        }
        // hashed before any lookup so that the answer takes as long whether or not the email or team exists
        String passwordHash = passwords.encode(password);
        Membership membership;
        if (inviteToken != null) {
            membership = teams.findUsableInvite(inviteToken, email).orElseThrow(AuthService::registrationRefused);
        } else if (teamSlug != null) {
            membership = teams.findOpenTeam(teamSlug).map(teamId -> new Membership(teamId, "user"))
                    .orElseThrow(AuthService::registrationRefused);
        } else {
            membership = null;
        }
        if (accounts.findByEmail(email).isPresent()) {
            throw registrationRefused();
        }
        if (membership == null) {
            membership = new Membership(teams.createTeam(teamName), "admin");
        }
        UUID userId;
        try {
            userId = teams.addMember(membership.teamId(), email, name, passwordHash, membership.role());
        } catch (DuplicateKeyException e) {
            // the same email registered concurrently
            throw registrationRefused();
        }
        teams.markInviteUsed(inviteToken, userId);
        startSession(exchange.getMessage(), userId, membership.teamId(), membership.role(), 0);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return profile(userId);
    }

    public Map<String, Object> login(Map<String, Object> body, Exchange exchange) {
        HttpServletRequest request = CurrentUser.requestOf(exchange);
        rateLimiter.countAttempt(request == null ? "unknown" : clientAddress.of(request));
        JsonFields fields = JsonFields.of(body);
        String email = fields.text("email", true, 1, 254);
        String password = fields.rawText("password", true, 1, 1024);

        String unknownEmailHash = dummyHash.get();
        Optional<Map<String, Object>> user = accounts.findByEmail(email);
        String hash = user.map(u -> (String) u.get("password_hash")).orElse(unknownEmailHash);
        boolean matches = passwords.matches(password, hash);
        if (user.isEmpty() || !matches || !Boolean.TRUE.equals(user.get().get("is_active"))) {
            throw ApiException.unauthorized("Incorrect email or password");
        }
        Map<String, Object> row = user.get();
        UUID userId = (UUID) row.get("id");
        startSession(exchange.getMessage(), userId, (UUID) row.get("team_id"), (String) row.get("role"),
                ((Number) row.get("token_version")).intValue());
        return profile(userId);
    }

    /** Clears the cookie and, for a signed-in caller, revokes every token issued so far. */
    public Map<String, Object> logout(Exchange exchange) {
        AuthenticatedUser user = CurrentUser.of(exchange);
        if (user != null) {
            accounts.revokeTokens(user.userId());
            sessions.evict(user.userId());
        }
        exchange.getMessage().setHeader("Set-Cookie", cookie.clear());
        return Map.of("message", "Logged out");
    }

    public Map<String, Object> me(Exchange exchange) {
        AuthenticatedUser user = CurrentUser.of(exchange);
        if (user == null) {
            throw ApiException.unauthorized("Not authenticated");
        }
        return profile(user.userId());
    }

    private static ApiException registrationRefused() {
        return ApiException.badRequest(REGISTRATION_REFUSED);
    }

    private void startSession(Message message, UUID userId, UUID teamId, String role, int tokenVersion) {
        String token = jwt.issue(userId, teamId, role, tokenVersion);
        message.setHeader("Set-Cookie", cookie.issue(token, jwt.expiry()));
    }

    private Map<String, Object> profile(UUID userId) {
        Map<String, Object> row = accounts.profile(userId);
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("id", row.get("team_id"));
        team.put("name", row.get("team_name"));
        team.put("slug", row.get("team_slug"));
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", row.get("id"));
        profile.put("email", row.get("email"));
        profile.put("name", row.get("name"));
        profile.put("role", row.get("role"));
        profile.put("is_active", row.get("is_active"));
        profile.put("created_at", row.get("created_at"));
        profile.put("team", team);
        return profile;
    }

    public record Membership(UUID teamId, String role) {
    }
}
