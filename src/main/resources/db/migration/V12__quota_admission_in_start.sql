-- The requests-per-minute and tokens-per-month quotas, checked and counted inside the statement that starts a
-- generation (sql/generation/start*.sql) rather than by a statement of their own before it: one round trip and one
-- pool connection less per send. A refused start finds no row and is rolled back, so a refused request is not
-- counted (sql/quota/refusal.sql then tells the client which quota refused it).
--
-- Admits one request of p_scope ('user:<id>' or 'key:<id>'; p_per_key picks the team's per-key limit): false when
-- the team has used its tokens of this month (UTC), or the scope's fixed one-minute window is full; otherwise counts
-- it in the window (when a limit applies) and prunes the scope's earlier windows. Limits: the team's, else the default.
CREATE FUNCTION quota_admitted(p_team uuid, p_scope text, p_per_key boolean, p_rpm_default integer,
                               p_tokens_default bigint) RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    rpm_limit   integer;
    token_limit bigint;
    counted     integer;
BEGIN
    SELECT COALESCE(CASE WHEN p_per_key THEN t.quota_requests_per_minute_per_key
                         ELSE t.quota_requests_per_minute_per_user END, p_rpm_default),
           COALESCE(t.quota_tokens_per_month, p_tokens_default)
    INTO rpm_limit, token_limit
    FROM teams t
    WHERE t.id = p_team;
    IF token_limit IS NOT NULL AND COALESCE((SELECT sum(m.tokens)
                                             FROM usage_months m
                                             WHERE m.team_id = p_team
                                               AND m.month = CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date)),
                                            0) >= token_limit THEN
        RETURN false;
    END IF;
    IF rpm_limit IS NULL THEN
        RETURN true;
    END IF;
    DELETE FROM rate_counters r WHERE r.scope = p_scope AND r.window_start < date_trunc('minute', now());
    INSERT INTO rate_counters AS r (scope, window_start, count, max_count)
    VALUES (p_scope, date_trunc('minute', now()), 1, rpm_limit)
    ON CONFLICT (scope, window_start) DO UPDATE
        SET count = r.count + 1, max_count = excluded.max_count
        WHERE r.count < excluded.max_count
    RETURNING r.count INTO counted;
    RETURN counted IS NOT NULL;
END
$$;
