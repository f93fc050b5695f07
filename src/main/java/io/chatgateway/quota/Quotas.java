package io.chatgateway.quota;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The quotas of a team (README "Usage and quotas"), held across replicas by PostgreSQL and checked by the statement
 * that starts a generation (sql/generation/start*.sql): the concurrent generations (V9 {@code generation_slot_free}),
 * then the per-key or per-user requests per minute, counted, and the team's tokens this month (V12
 * {@code quota_admitted}). A refused start saves nothing; {@link #refusal} and {@link #atConcurrencyLimit} tell why.
 */
@Component
public class Quotas {

    /** Seconds a client refused for the concurrent-generations limit should wait: a slot frees when any answer ends. */
    public static final long CONCURRENCY_RETRY_AFTER_SECONDS = 5;

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final QuotaProperties defaults;

    public Quotas(JdbcClient jdbc, SqlStatements sql, QuotaProperties defaults) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.defaults = defaults;
    }

    private record Usage(Integer rpmLimit, Long tokenLimit, long tokens, int counted, long secondsToNextMinute,
                         long secondsToNextMonth) {
    }

    /**
     * The parameters of the requests-per-minute and tokens-per-month check in the statements that start a generation
     * (V12 {@code quota_admitted}), for a request of the user or, when {@code apiKeyId} is not null, of the key.
     */
    public Map<String, Object> admissionParams(UUID userId, UUID apiKeyId) {
        Map<String, Object> params = new HashMap<>();
        params.put("quota_scope", scope(userId, apiKeyId));
        params.put("quota_per_key", apiKeyId != null);
        params.put("rpm_default", apiKeyId != null ? defaults.requestsPerMinutePerKey() : defaults.requestsPerMinutePerUser());
        params.put("tokens_default", defaults.tokensPerMonth());
        params.put("max_running_default", defaults.maxConcurrentGenerations());
        return params;
    }

    /**
     * Why a start found no row, if the requests-per-minute or tokens-per-month quota refused it (only asked then): the
     * 429 with Retry-After to answer (the refused request was rolled back, so it is not counted).
     */
    public Optional<ApiException> refusal(UUID teamId, UUID userId, UUID apiKeyId) {
        Usage usage = jdbc.sql(sql.get("quota/refusal"))
                .param("team_id", teamId).param("scope", scope(userId, apiKeyId)).param("per_key", apiKeyId != null)
                .param("rpm_default", apiKeyId != null ? defaults.requestsPerMinutePerKey() : defaults.requestsPerMinutePerUser())
                .param("tokens_default", defaults.tokensPerMonth())
                .query((rs, row) -> new Usage(rs.getObject("rpm_limit", Integer.class), rs.getObject("token_limit", Long.class),
                        rs.getLong("tokens"), rs.getInt("counted"), rs.getLong("seconds_to_next_minute"),
                        rs.getLong("seconds_to_next_month")))
                .optional().orElse(null);
        if (usage == null) {
            return Optional.empty();
        }
        if (usage.tokenLimit() != null && usage.tokens() >= usage.tokenLimit()) {
            return Optional.of(ApiException.tooManyRequests("Your team has used its " + usage.tokenLimit()
                    + " tokens of this month; the quota renews on the 1st (UTC) or when an admin raises it",
                    Math.max(1, usage.secondsToNextMonth())));
        }
        if (usage.rpmLimit() != null && usage.counted() >= usage.rpmLimit()) {
            return Optional.of(ApiException.tooManyRequests("At most " + usage.rpmLimit() + " requests per minute "
                    + (apiKeyId != null ? "per API key" : "per user") + "; try again in a moment",
                    Math.max(1, usage.secondsToNextMinute())));
        }
        return Optional.empty();
    }

    private static String scope(UUID userId, UUID apiKeyId) {
        return apiKeyId != null ? "key:" + apiKeyId : "user:" + userId;
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
