SELECT id, name, slug, open_registration, created_at, updated_at
FROM teams
WHERE id = :team_id
