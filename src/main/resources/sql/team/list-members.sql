SELECT id, email, name, role, is_active, created_at, updated_at
FROM users
WHERE team_id = :team_id
ORDER BY created_at, id
