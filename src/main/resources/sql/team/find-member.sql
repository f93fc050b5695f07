SELECT role, is_active FROM users WHERE id = :id AND team_id = :team_id
