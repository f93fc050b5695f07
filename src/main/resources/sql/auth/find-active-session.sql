SELECT team_id, role
FROM users
WHERE id = :id AND token_version = :version AND is_active
