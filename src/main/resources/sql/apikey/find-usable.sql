-- Every /v1 request (one lookup by the unique key_id index): the key must be neither revoked nor expired, and its
-- creator must still be an active admin of the key's team (a deleted team or user takes its keys with it; a
-- demoted or deactivated one's keys stop working).
-- The caller compares secret_sha256 in constant time.
SELECT k.id, k.team_id, k.created_by, k.agent_ids, k.secret_sha256,
       k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute' AS touch_due
FROM api_keys k
JOIN users u ON u.id = k.created_by AND u.team_id = k.team_id AND u.is_active AND u.role = 'admin'
WHERE k.key_id = :key_id
  AND k.revoked_at IS NULL
  AND (k.expires_at IS NULL OR k.expires_at > now())
