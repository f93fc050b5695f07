UPDATE api_keys
SET revoked_at = now()
WHERE id = :id
  AND team_id = :team_id
  AND revoked_at IS NULL
