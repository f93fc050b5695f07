UPDATE users
SET role       = COALESCE(CAST(:role AS text), role),
    is_active  = COALESCE(CAST(:is_active AS boolean), is_active),
    updated_at = now()
WHERE id = :id AND team_id = :team_id
RETURNING id, email, name, role, is_active, created_at, updated_at
