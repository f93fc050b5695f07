INSERT INTO team_invites (team_id, token_hash, role, email, expires_at, created_by)
VALUES (:team_id, :token_hash, :role, :email, :expires_at, :created_by)
RETURNING id, role, email, expires_at, created_at
