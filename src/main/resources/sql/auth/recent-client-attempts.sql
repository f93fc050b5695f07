SELECT count(*) AS attempts,
       ceil(extract(epoch FROM (min(attempted_at) + interval '1 minute' - now())))::bigint AS retry_after_seconds
FROM login_attempts
WHERE action = :action AND client_key = :client AND attempted_at > now() - interval '1 minute'
