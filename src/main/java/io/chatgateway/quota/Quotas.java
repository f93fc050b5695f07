package io.chatgateway.quota;

import java.util.UUID;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The quotas of a team (README "Usage and quotas"), held across replicas by PostgreSQL. {@link #admit} counts a
 * request against the per-key or per-user requests per minute and checks the team's tokens this month, in one
 * statement, before anything of the request is saved. The concurrent-generations limit is checked where a
 * generation starts (sql/generation/start*.sql, V9 {@code generation_slot_free}).
 */
@Component
public class Quotas {

    /** Seconds a client refused for the concurrent-generations limit should wait: a slot frees when any answer ends. */
    public static final long CONCURRENCY_RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(Quotas.class);

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final QuotaProperties defaults;

    public Quotas(JdbcClient jdbc, SqlStatements sql, QuotaProperties defaults) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.defaults = defaults;
    }

    private record Admission(Integer rpmLimit, Long tokenLimit, long tokens, Integer counted,
                             long secondsToNextMinute, long secondsToNextMonth) {
    }

    /**
     * Counts one request of the user (or, when {@code apiKeyId} is not null, of the key) in the current minute,
     * unless a quota refuses it: 429 with Retry-After when the minute's requests are used up (not counted then) or
     * the team's tokens of this month are; 503 with Retry-After when PostgreSQL cannot be asked.
     */
    public void admit(UUID teamId, UUID userId, UUID apiKeyId) {
        String scope = apiKeyId != null ? "key:" + apiKeyId : "user:" + userId;
        Admission admission;
        try {
            admission = jdbc.sql(sql.get("quota/admit"))
                    .param("team_id", teamId).param("api_key_id", apiKeyId).param("scope", scope)
                    .param("rpm_default", apiKeyId != null ? defaults.requestsPerMinutePerKey() : defaults.requestsPerMinutePerUser())
                    .param("tokens_default", defaults.tokensPerMonth())
                    .query((rs, row) -> new Admission(rs.getObject("rpm_limit", Integer.class),
                            rs.getObject("token_limit", Long.class), rs.getLong("tokens"), rs.getObject("counted", Integer.class),
                            rs.getLong("seconds_to_next_minute"), rs.getLong("seconds_to_next_month")))
                    .optional().orElse(null);
        } catch (DataAccessException e) {
            // like a start that cannot be saved: nothing is saved, the client may send again
            log.warn("Could not check the quotas of team {}: {}", teamId, e.toString());
            throw ApiException.unavailable("Your request could not be checked against your team's quotas; "
                    + "please send it again", CONCURRENCY_RETRY_AFTER_SECONDS);
        }
        if (admission == null) {
            return;
        }
        if (admission.tokenLimit() != null && admission.tokens() >= admission.tokenLimit()) {
            throw ApiException.tooManyRequests("Your team has used its " + admission.tokenLimit()
                    + " tokens of this month; the quota renews on the 1st (UTC) or when an admin raises it",
                    Math.max(1, admission.secondsToNextMonth()));
        }
        if (admission.rpmLimit() != null && admission.counted() == null) {
            throw ApiException.tooManyRequests("At most " + admission.rpmLimit() + " requests per minute "
                    + (apiKeyId != null ? "per API key" : "per user") + "; try again in a moment",
                    Math.max(1, admission.secondsToNextMinute()));
        }
    }

    /** The default concurrent-generations limit, for the statements that start a generation (null: unlimited). */
    public Integer maxConcurrentGenerationsDefault() {
        return defaults.maxConcurrentGenerations();
    }

    /** The environment's defaults, as {@code GET /api/team} shows them. */
    public QuotaLimits defaults() {
        return defaults.limits();
    }

    /**
     * Whether the team runs as many generations as it may (only asked when a start found no row, to tell a refusal
     * of the concurrent-generations limit from a missing chat or message).
     */
    public boolean atConcurrencyLimit(UUID teamId) {
        return Boolean.TRUE.equals(jdbc.sql(sql.get("quota/at-concurrency-limit"))
                .param("team_id", teamId).param("max_running_default", defaults.maxConcurrentGenerations())
                .query(Boolean.class).optional().orElse(false));
    }

    /** The 429 of a start refused by the concurrent-generations limit (nothing of it was saved). */
    public static ApiException concurrencyRefusal() {
        return ApiException.tooManyRequests("Your team is generating as many answers at once as its quota allows; "
                + "send the message again when one has ended", CONCURRENCY_RETRY_AFTER_SECONDS);
    }
}
