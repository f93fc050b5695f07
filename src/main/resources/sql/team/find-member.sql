SELECT id, email, name, role, is_active, created_at, updated_at FROM users WHERE id = :id AND team_id = :team_id
