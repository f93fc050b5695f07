-- last_used_at at most once a minute per key, whichever replica serves it (no write per call)
UPDATE api_keys
SET last_used_at = now()
WHERE id = :id
  AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
