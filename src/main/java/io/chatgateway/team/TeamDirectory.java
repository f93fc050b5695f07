package io.chatgateway.team;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.auth.AuthService.Membership;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Teams, members and invites as registration and bootstrap need them. */
@Repository
public class TeamDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlStatements sql;

    public TeamDirectory(NamedParameterJdbcTemplate jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    public UUID createTeam(String name) {
        return jdbc.queryForObject(sql.get("team/insert-team"), Map.of("name", name, "slug", slugFor(name)), UUID.class);
    }

    public UUID addMember(UUID teamId, String email, String name, String passwordHash, String role) {
        Map<String, Object> params = new HashMap<>();
        params.put("team_id", teamId);
        params.put("email", email);
        params.put("name", name);
        params.put("password_hash", passwordHash);
        params.put("role", role);
        return jdbc.queryForObject(sql.get("team/insert-user"), params, UUID.class);
    }

    /** Held until the transaction ends. */
    public void lockBootstrap() {
        jdbc.query(sql.get("team/lock-bootstrap"), Map.of(), rs -> null);
    }

    public boolean anyUserExists() {
        return Boolean.TRUE.equals(jdbc.queryForObject(sql.get("team/any-user-exists"), Map.of(), Boolean.class));
    }

    /** The team and role of an unused, unexpired invite (locked until the transaction ends). */
    public Optional<Membership> findUsableInvite(String token, String email) {
        return jdbc.query(sql.get("team/find-usable-invite"), Map.of("token_hash", hash(token), "email", email),
                rs -> rs.next()
                        ? Optional.of(new Membership(rs.getObject("team_id", UUID.class), rs.getString("role")))
                        : Optional.empty());
    }

    public void markInviteUsed(String token, UUID userId) {
        if (token != null) {
            jdbc.update(sql.get("team/mark-invite-used"), Map.of("token_hash", hash(token), "user_id", userId));
        }
    }

    public Optional<UUID> findOpenTeam(String slug) {
        return jdbc.query(sql.get("team/find-open-team"), Map.of("slug", slug),
                rs -> rs.next() ? Optional.of(rs.getObject("id", UUID.class)) : Optional.empty());
    }

    /** A new invite token (shown once) and the hash that is stored. */
    public static String newInviteToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String slugFor(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String base = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (base.isEmpty()) {
            base = "team";
        }
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return base + "-" + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt(),
                (byte) RANDOM.nextInt()});
    }
}
