SELECT id FROM teams WHERE id = :team_id FOR UPDATE
