INSERT INTO users (team_id, email, name, password_hash, role)
VALUES (:team_id, :email, :name, :password_hash, :role)
RETURNING id
