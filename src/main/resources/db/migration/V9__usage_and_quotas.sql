-- Usage accounting and quotas (README "Usage and quotas").

-- A team's own limits; null = the environment's default (QUOTA_*), which may itself be unset = unlimited.
ALTER TABLE teams
    ADD COLUMN quota_max_concurrent_generations   integer CHECK (quota_max_concurrent_generations >= 1),
    ADD COLUMN quota_requests_per_minute_per_key  integer CHECK (quota_requests_per_minute_per_key >= 1),
    ADD COLUMN quota_requests_per_minute_per_user integer CHECK (quota_requests_per_minute_per_user >= 1),
    ADD COLUMN quota_tokens_per_month             bigint  CHECK (quota_tokens_per_month >= 1);

-- What a generation's usage row needs from its start: the key it was started with (/v1) and the characters of
-- what n8n received as text (system prompt + every message content), counted by the statement that starts it.
ALTER TABLE generations
    ADD COLUMN api_key_id uuid,
    ADD COLUMN chars_in   bigint;

-- the concurrent-generations check counts a team's running generations
CREATE INDEX generations_running_team ON generations (team_id) WHERE status = 'running';

-- The usage ledger: one row per ended generation, written by the statement that ends it (sql/generation/finish.sql,
-- reap.sql). No reference to generations or chats: deleting a chat (and its generations) keeps its usage.
CREATE TABLE generation_usage (
    generation_id    uuid PRIMARY KEY,
    team_id          uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id          uuid,
    api_key_id       uuid,
    agent_id         uuid,
    source           text        NOT NULL CHECK (source IN ('chat', 'openai')),
    chars_in         bigint      NOT NULL,
    chars_out        bigint      NOT NULL,
    tokens_in        bigint      NOT NULL,
    tokens_out       bigint      NOT NULL,
    -- true: ceil(chars / 4), not figures n8n reported
    tokens_estimated boolean     NOT NULL,
    ttft_ms          bigint,
    duration_ms      bigint,
    status           text        NOT NULL CHECK (status IN ('complete', 'stopped', 'interrupted', 'error')),
    -- when the generation started (reports group by it)
    created_at       timestamptz NOT NULL
);
CREATE INDEX generation_usage_team_time ON generation_usage (team_id, created_at);

-- Tokens of a team per calendar month (UTC), upserted with every usage row: the tokens-per-month quota reads one
-- row instead of summing the ledger.
CREATE TABLE usage_months (
    team_id     uuid   NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    month       date   NOT NULL,
    generations bigint NOT NULL,
    tokens      bigint NOT NULL,
    PRIMARY KEY (team_id, month)
);

-- Requests per fixed one-minute window and scope ('user:<id>' or 'key:<id>'), counted and checked by one upsert
-- (sql/quota/admit.sql). Losing it in a crash only forgets the current minute.
CREATE UNLOGGED TABLE rate_counters (
    scope        text        NOT NULL,
    window_start timestamptz NOT NULL,
    count        integer     NOT NULL,
    -- the limit the window was counted against (the upsert compares with it)
    max_count    integer     NOT NULL,
    PRIMARY KEY (scope, window_start)
);

-- Whether the team may start one more generation: its limit (or p_default; both null = unlimited) against its
-- running generations. Called in the WHERE of the statement that inserts the generation (sql/generation/start*.sql):
-- the advisory lock is held until that statement's transaction commits, and the count (a statement of its own in
-- PL/pgSQL, with a snapshot taken after the lock) sees every generation inserted by those that held it before, so
-- check-then-insert is atomic across replicas.
CREATE FUNCTION generation_slot_free(p_team uuid, p_default integer) RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    max_running integer;
BEGIN
    SELECT COALESCE(t.quota_max_concurrent_generations, p_default) INTO max_running FROM teams t WHERE t.id = p_team;
    IF max_running IS NULL THEN
        RETURN true;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('running-generations ' || p_team::text, 0));
    RETURN (SELECT count(*) FROM generations g WHERE g.team_id = p_team AND g.status = 'running') < max_running;
END
$$;

-- Characters of what n8n receives as text: the system prompt and the content of every message (the usage rule).
CREATE FUNCTION chars_sent(p_messages jsonb, p_system_prompt text) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
SELECT COALESCE(length(p_system_prompt), 0)
           + COALESCE((SELECT sum(length(m.message ->> 'content')) FROM jsonb_array_elements(p_messages) AS m(message)), 0)
$$;

-- Records the usage of a generation that has just ended (g: its row as the ending statement left it): the ledger
-- row and the team's month. Called once per ending, by the statement that ends it (sql/generation/finish.sql,
-- reap.sql). Tokens are n8n's figures when given, else ceil(chars / 4), marked estimated. Time to first token and
-- duration are the relay's, both from when the request arrived (null: the reaper's, from the generation's row).
CREATE FUNCTION record_generation_usage(g generations, p_chars_out bigint, p_tokens_in bigint, p_tokens_out bigint,
                                        p_ttft_ms bigint, p_duration_ms bigint) RETURNS generation_usage
    LANGUAGE sql VOLATILE AS
$$
WITH recorded AS (
    INSERT INTO generation_usage (generation_id, team_id, user_id, api_key_id, agent_id, source, chars_in, chars_out,
                                  tokens_in, tokens_out, tokens_estimated, ttft_ms, duration_ms, status, created_at)
    VALUES (g.id, g.team_id, g.user_id, g.api_key_id, g.agent_id,
            CASE WHEN g.chat_id IS NULL THEN 'openai' ELSE 'chat' END,
            COALESCE(g.chars_in, 0), p_chars_out,
            COALESCE(p_tokens_in, ceil(COALESCE(g.chars_in, 0) / 4.0)),
            COALESCE(p_tokens_out, ceil(p_chars_out / 4.0)),
            p_tokens_in IS NULL OR p_tokens_out IS NULL,
            p_ttft_ms, COALESCE(p_duration_ms, floor(extract(EPOCH FROM g.finished_at - g.created_at) * 1000)),
            g.status, g.created_at)
    RETURNING *
), month AS (
    INSERT INTO usage_months (team_id, month, generations, tokens)
    SELECT r.team_id, CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date), 1, r.tokens_in + r.tokens_out
    FROM recorded r
    ON CONFLICT (team_id, month) DO UPDATE
        SET generations = usage_months.generations + 1,
            tokens      = usage_months.tokens + excluded.tokens
)
SELECT * FROM recorded
$$;
