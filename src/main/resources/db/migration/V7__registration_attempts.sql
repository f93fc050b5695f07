-- Registrations are limited per client address like logins (issue 16: a registration costs a bcrypt hash), in the
-- same log with the action beside the address. The table keeps its name, and the column has a default, so that
-- replicas of the previous version keep counting their logins while a rolling update replaces them.
ALTER TABLE login_attempts ADD COLUMN action text NOT NULL DEFAULT 'login';
DROP INDEX login_attempts_client_idx;
CREATE INDEX login_attempts_client_idx ON login_attempts (client_key, action, attempted_at);
