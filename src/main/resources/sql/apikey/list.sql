-- revoked keys are not listed; expired ones are, with their expires_at
SELECT id, key_id, name, agent_ids, created_by, created_at, last_used_at, expires_at
FROM api_keys
WHERE team_id = :team_id
  AND revoked_at IS NULL
ORDER BY created_at DESC, id
