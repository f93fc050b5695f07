-- Null name/open_registration: unchanged. A quota is set (to a number, or null = the default) only when set_<quota>.
UPDATE teams
SET name                               = COALESCE(CAST(:name AS text), name),
    open_registration                  = COALESCE(CAST(:open_registration AS boolean), open_registration),
    quota_max_concurrent_generations   = CASE WHEN CAST(:set_max_concurrent_generations AS boolean)
                                              THEN CAST(:max_concurrent_generations AS integer)
                                              ELSE quota_max_concurrent_generations END,
    quota_requests_per_minute_per_key  = CASE WHEN CAST(:set_requests_per_minute_per_key AS boolean)
                                              THEN CAST(:requests_per_minute_per_key AS integer)
                                              ELSE quota_requests_per_minute_per_key END,
    quota_requests_per_minute_per_user = CASE WHEN CAST(:set_requests_per_minute_per_user AS boolean)
                                              THEN CAST(:requests_per_minute_per_user AS integer)
                                              ELSE quota_requests_per_minute_per_user END,
    quota_tokens_per_month             = CASE WHEN CAST(:set_tokens_per_month AS boolean)
                                              THEN CAST(:tokens_per_month AS bigint)
                                              ELSE quota_tokens_per_month END,
    updated_at                         = now()
WHERE id = :team_id
RETURNING id, name, slug, open_registration, created_at, updated_at,
          quota_max_concurrent_generations, quota_requests_per_minute_per_key, quota_requests_per_minute_per_user,
          quota_tokens_per_month
