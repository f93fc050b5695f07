INSERT INTO login_attempts (action, client_key) VALUES (:action, :client)
