DELETE FROM login_attempts WHERE attempted_at < now() - interval '1 minute'
