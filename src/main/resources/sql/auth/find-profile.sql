SELECT u.id, u.email, u.name, u.role, u.is_active, u.created_at,
       t.id AS team_id, t.name AS team_name, t.slug AS team_slug
FROM users u
JOIN teams t ON t.id = u.team_id
WHERE u.id = :id
