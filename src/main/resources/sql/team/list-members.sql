SELECT id, email, name, role, is_active, created_at, updated_at
FROM users
WHERE team_id = :#${variable.teamId}
ORDER BY created_at, id
