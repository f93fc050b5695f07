-- Admits one request, or tells which quota refuses it, in one statement: the team's tokens of this month (UTC)
-- against its limit, then the request counted in the caller's fixed one-minute window (scope 'key:<id>' or
-- 'user:<id>') unless the window is full. A refused request is not counted. Limits: the team's, else the default.
WITH team AS (
    SELECT COALESCE(CASE WHEN CAST(:api_key_id AS uuid) IS NULL THEN t.quota_requests_per_minute_per_user
                         ELSE t.quota_requests_per_minute_per_key END,
                    CAST(:rpm_default AS integer)) AS rpm_limit,
           COALESCE(t.quota_tokens_per_month, CAST(:tokens_default AS bigint)) AS token_limit
    FROM teams t
    WHERE t.id = :team_id
), used AS (
    SELECT COALESCE((SELECT m.tokens
                     FROM usage_months m
                     WHERE m.team_id = :team_id
                       AND m.month = CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date)), 0) AS tokens
), counted AS (
    INSERT INTO rate_counters AS r (scope, window_start, count, max_count)
    SELECT :scope, date_trunc('minute', now()), 1, team.rpm_limit
    FROM team, used
    WHERE team.rpm_limit IS NOT NULL
      AND (team.token_limit IS NULL OR used.tokens < team.token_limit)
    ON CONFLICT (scope, window_start) DO UPDATE
        SET count = r.count + 1, max_count = excluded.max_count
        WHERE r.count < excluded.max_count
    RETURNING r.count
), pruned AS (
    -- the scope's earlier windows: each scope keeps one row
    DELETE FROM rate_counters r
    WHERE r.scope = :scope
      AND r.window_start < date_trunc('minute', now())
)
SELECT team.rpm_limit, team.token_limit, used.tokens, (SELECT count FROM counted) AS counted,
       ceil(extract(EPOCH FROM date_trunc('minute', now()) + INTERVAL '1 minute' - now())) AS seconds_to_next_minute,
       ceil(extract(EPOCH FROM (date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '1 month') AT TIME ZONE 'UTC'
                               - now())) AS seconds_to_next_month
FROM team, used
