DELETE FROM login_attempts WHERE window_start < now() - interval '10 minutes'
