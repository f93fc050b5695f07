INSERT INTO login_attempts (client_key) VALUES (:client)
