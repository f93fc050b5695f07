-- a changed role or activation revokes the member's tokens (as logout does)
UPDATE users
SET token_version = token_version
                    + CASE WHEN COALESCE(CAST(:role AS text), role) <> role
                             OR COALESCE(CAST(:is_active AS boolean), is_active) <> is_active THEN 1 ELSE 0 END,
    role          = COALESCE(CAST(:role AS text), role),
    is_active     = COALESCE(CAST(:is_active AS boolean), is_active),
    updated_at    = now()
WHERE id = :id AND team_id = :team_id
RETURNING id, email, name, role, is_active, created_at, updated_at
