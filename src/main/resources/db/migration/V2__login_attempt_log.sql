-- Login attempts as a log instead of fixed calendar-minute counters: with counters, 5 attempts at hh:mm:59 and
-- 5 more at hh:mm+1:00 all passed. With the log, the limit holds for any 60 seconds. Refused attempts are not
-- logged, so a client keeps at most the limit's number of rows.
DROP TABLE login_attempts;
CREATE TABLE login_attempts (
    client_key   text        NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_client_idx ON login_attempts (client_key, attempted_at);
CREATE INDEX login_attempts_time_idx ON login_attempts (attempted_at);
