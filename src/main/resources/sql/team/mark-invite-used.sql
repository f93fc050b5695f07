UPDATE team_invites SET used_at = now(), used_by = :user_id, updated_at = now()
WHERE token_hash = :token_hash AND used_at IS NULL
