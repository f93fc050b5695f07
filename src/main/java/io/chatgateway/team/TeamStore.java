package io.chatgateway.team;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.chatgateway.quota.QuotaLimits;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The teams table. */
@Repository
public class TeamStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RowMapper<Team> TEAM = (rs, row) -> new Team(rs.getObject("id", UUID.class),
            rs.getString("name"), rs.getString("slug"), rs.getBoolean("open_registration"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
            new QuotaLimits(rs.getObject("quota_max_concurrent_generations", Integer.class),
                    rs.getObject("quota_requests_per_minute_per_key", Integer.class),
                    rs.getObject("quota_requests_per_minute_per_user", Integer.class),
                    rs.getObject("quota_tokens_per_month", Long.class)),
            null);

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    public TeamStore(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    public Optional<Team> find(UUID teamId) {
        return jdbc.sql(sql.get("team/find-team")).param("team_id", teamId).query(TEAM).optional();
    }

    /** Null name and openRegistration stay as they are; so do the quotas the changes do not name (null: none). */
    public Optional<Team> update(UUID teamId, String name, Boolean openRegistration,
                                 UpdateTeamRequest.QuotaChanges quotas) {
        UpdateTeamRequest.QuotaChanges changes = quotas != null ? quotas
                : new UpdateTeamRequest.QuotaChanges(null, null, null, null, Set.of());
        return jdbc.sql(sql.get("team/update-team"))
                .param("team_id", teamId).param("name", name).param("open_registration", openRegistration)
                .param("set_max_concurrent_generations", changes.has("max_concurrent_generations"))
                .param("max_concurrent_generations", changes.maxConcurrentGenerations())
                .param("set_requests_per_minute_per_key", changes.has("requests_per_minute_per_key"))
                .param("requests_per_minute_per_key", changes.requestsPerMinutePerKey())
                .param("set_requests_per_minute_per_user", changes.has("requests_per_minute_per_user"))
                .param("requests_per_minute_per_user", changes.requestsPerMinutePerUser())
                .param("set_tokens_per_month", changes.has("tokens_per_month"))
                .param("tokens_per_month", changes.tokensPerMonth())
                .query(TEAM).optional();
    }

    public UUID create(String name) {
        return jdbc.sql(sql.get("team/insert-team")).param("name", name).param("slug", slugFor(name))
                .query(UUID.class).single();
    }

    /** The team with this slug, if it takes registrations by slug. */
    public Optional<UUID> findOpen(String slug) {
        return jdbc.sql(sql.get("team/find-open-team")).param("slug", slug).query(UUID.class).optional();
    }

    /** Held until the transaction ends: changes that must see the whole team (its admins) take turns. */
    public void lock(UUID teamId) {
        jdbc.sql(sql.get("team/lock-team")).param("team_id", teamId).query().listOfRows();
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
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return base + "-" + HexFormat.of().formatHex(suffix);
    }
}
