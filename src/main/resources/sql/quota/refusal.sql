-- Why a start was refused by the requests-per-minute or tokens-per-month quota (V12 quota_admitted), read after the
-- refused start was rolled back: the limits (the team's, else the default), the team's tokens of this month (UTC),
-- the requests counted in the caller's current window (scope 'key:<id>' or 'user:<id>'), and when each renews.
SELECT COALESCE(CASE WHEN CAST(:per_key AS boolean) THEN t.quota_requests_per_minute_per_key
                     ELSE t.quota_requests_per_minute_per_user END,
                CAST(:rpm_default AS integer))                                            AS rpm_limit,
       COALESCE(t.quota_tokens_per_month, CAST(:tokens_default AS bigint))               AS token_limit,
       COALESCE((SELECT sum(m.tokens)
                 FROM usage_months m
                 WHERE m.team_id = t.id
                   AND m.month = CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date)), 0) AS tokens,
       COALESCE((SELECT r.count
                 FROM rate_counters r
                 WHERE r.scope = :scope
                   AND r.window_start = date_trunc('minute', now())), 0)                  AS counted,
       CAST(ceil(extract(EPOCH FROM date_trunc('minute', now()) + INTERVAL '1 minute' - now())) AS bigint)
                                                                                          AS seconds_to_next_minute,
       CAST(ceil(extract(EPOCH FROM (date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '1 month') AT TIME ZONE 'UTC'
                                    - now())) AS bigint)                                  AS seconds_to_next_month
FROM teams t
WHERE t.id = :team_id
