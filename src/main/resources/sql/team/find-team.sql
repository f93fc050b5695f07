SELECT id, name, slug, open_registration, created_at, updated_at,
       quota_max_concurrent_generations, quota_requests_per_minute_per_key, quota_requests_per_minute_per_user,
       quota_tokens_per_month
FROM teams
WHERE id = :team_id
