-- one fixed one-minute window per client address; atomic under concurrency and shared by all replicas
INSERT INTO login_attempts AS a (client_key, window_start, attempts)
VALUES (:client, date_trunc('minute', now()), 1)
ON CONFLICT (client_key, window_start) DO UPDATE SET attempts = a.attempts + 1
RETURNING attempts,
          ceil(extract(epoch FROM (a.window_start + interval '1 minute' - now())))::bigint AS retry_after_seconds
