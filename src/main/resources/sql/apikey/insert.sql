INSERT INTO api_keys (team_id, key_id, secret_sha256, name, agent_ids, created_by, expires_at)
VALUES (:team_id, :key_id, :secret_sha256, :name, CAST(:agent_ids AS uuid[]), :created_by, :expires_at)
RETURNING id, key_id, name, agent_ids, created_by, created_at, last_used_at, expires_at
