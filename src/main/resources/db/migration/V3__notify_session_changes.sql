-- Every replica caches active sessions (io.chatgateway.auth.ActiveSessions) and LISTENs on user_sessions:
-- any change that ends or alters a session names the user, whoever made it (the service, an operator in psql).
-- NOTIFY is delivered at commit, and only if the transaction commits.
CREATE FUNCTION notify_user_session_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('user_sessions', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER users_session_changed
    AFTER UPDATE ON users
    FOR EACH ROW
    WHEN (OLD.token_version IS DISTINCT FROM NEW.token_version
          OR OLD.is_active IS DISTINCT FROM NEW.is_active
          OR OLD.role IS DISTINCT FROM NEW.role
          OR OLD.team_id IS DISTINCT FROM NEW.team_id)
    EXECUTE FUNCTION notify_user_session_change();

CREATE TRIGGER users_session_ended
    AFTER DELETE ON users
    FOR EACH ROW
    EXECUTE FUNCTION notify_user_session_change();
