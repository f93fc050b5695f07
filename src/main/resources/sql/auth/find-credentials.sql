SELECT id, team_id, role, is_active, password_hash, token_version
FROM users
WHERE lower(email) = lower(:email)
