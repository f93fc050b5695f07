-- The end of a generation, by its owner: its last events, its status and the assistant message, in one statement.
-- Only while it is still running: a replica taken for dead (its generation saved as interrupted by another) must
-- not append the answer a second time. Its usage row is written with it; the counts of n8n's input come back for
-- the metrics.
WITH generation AS (
    UPDATE generations
    SET status      = :status,
        last_seq    = :last_seq,
        finished_at = now()
    WHERE id = :generation_id
      AND status = 'running'
    RETURNING id, chat_id, team_id, user_id, agent_id, api_key_id, chars_in, created_at, finished_at
), chunk AS (
    INSERT INTO generation_chunks (generation_id, first_seq, last_seq, events)
    SELECT id, :first_seq, :last_seq, :events
    FROM generation
    WHERE CAST(:events AS text) IS NOT NULL
), chat AS (
    UPDATE chats c
    SET messages      = c.messages || CAST(:message AS jsonb),
        message_count = c.message_count + 1,
        updated_at    = now()
    FROM generation g
    WHERE c.id = g.chat_id
      AND c.team_id = g.team_id
      AND c.user_id = g.user_id
      AND CAST(:message AS jsonb) IS NOT NULL
), usage AS (
    -- the usage ledger (V9): tokens are n8n's figures when it sent them, else ceil(chars / 4), marked estimated
    INSERT INTO generation_usage (generation_id, team_id, user_id, api_key_id, agent_id, source, chars_in, chars_out,
                                  tokens_in, tokens_out, tokens_estimated, ttft_ms, duration_ms, status, created_at)
    SELECT g.id, g.team_id, g.user_id, g.api_key_id, g.agent_id,
           CASE WHEN g.chat_id IS NULL THEN 'openai' ELSE 'chat' END,
           COALESCE(g.chars_in, 0), CAST(:chars_out AS bigint),
           COALESCE(CAST(:tokens_in AS bigint), ceil(COALESCE(g.chars_in, 0) / 4.0)),
           COALESCE(CAST(:tokens_out AS bigint), ceil(CAST(:chars_out AS bigint) / 4.0)),
           CAST(:tokens_in AS bigint) IS NULL OR CAST(:tokens_out AS bigint) IS NULL,
           CAST(:ttft_ms AS bigint), floor(extract(EPOCH FROM g.finished_at - g.created_at) * 1000),
           CAST(:status AS text), g.created_at
    FROM generation g
    RETURNING generation_id, team_id, chars_in, tokens_in, tokens_out
), month AS (
    INSERT INTO usage_months (team_id, month, generations, tokens)
    SELECT u.team_id, CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date), 1, u.tokens_in + u.tokens_out
    FROM usage u
    ON CONFLICT (team_id, month) DO UPDATE
        SET generations = usage_months.generations + 1,
            tokens      = usage_months.tokens + excluded.tokens
), followers_woken AS (
    SELECT pg_notify('generation_events', id::text)
    FROM generation
)
SELECT count(*) AS finished, max(u.chars_in) AS chars_in, max(u.tokens_in) AS tokens_in,
       max(u.tokens_out) AS tokens_out
FROM generation g
CROSS JOIN followers_woken
LEFT JOIN usage u ON u.generation_id = g.id
