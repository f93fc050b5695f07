INSERT INTO team_invites (team_id, token_hash, role, email, expires_at, created_by)
VALUES (:#${variable.teamId}, :#token_hash, :#role, :#email, :#expires_at, :#${variable.userId})
RETURNING id, CAST(:#token AS text) AS token, role, email, expires_at, created_at
