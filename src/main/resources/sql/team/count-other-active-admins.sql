SELECT count(*) FROM users WHERE team_id = :team_id AND id <> :id AND role = 'admin' AND is_active
