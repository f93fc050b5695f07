UPDATE teams
SET name              = COALESCE(CAST(:name AS text), name),
    open_registration = COALESCE(CAST(:open_registration AS boolean), open_registration),
    updated_at        = now()
WHERE id = :team_id
RETURNING id, name, slug, open_registration, created_at, updated_at
