INSERT INTO teams (name, slug) VALUES (:name, :slug) RETURNING id
