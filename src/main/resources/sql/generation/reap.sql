-- A generation whose owner stopped beating is over: interrupted, with the text its chunks hold and a last event
-- saying so, and its usage row. One generation per statement, guarded by status, so two replicas reaping at once
-- save it once.
WITH generation AS (
    UPDATE generations
    SET status      = 'interrupted',
        last_seq    = :last_seq,
        finished_at = now()
    WHERE id = :generation_id
      AND status = 'running'
      AND heartbeat_at < now() - CAST(:stale_after AS interval)
    RETURNING id, chat_id, team_id, user_id, agent_id, api_key_id, chars_in, created_at, finished_at
), chunk AS (
    INSERT INTO generation_chunks (generation_id, first_seq, last_seq, events)
    SELECT id, :first_seq, :last_seq, :events
    FROM generation
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
    -- the usage ledger (V9): what is known: the text so far, estimated tokens, no time to first token
    INSERT INTO generation_usage (generation_id, team_id, user_id, api_key_id, agent_id, source, chars_in, chars_out,
                                  tokens_in, tokens_out, tokens_estimated, ttft_ms, duration_ms, status, created_at)
    SELECT g.id, g.team_id, g.user_id, g.api_key_id, g.agent_id,
           CASE WHEN g.chat_id IS NULL THEN 'openai' ELSE 'chat' END,
           COALESCE(g.chars_in, 0), CAST(:chars_out AS bigint),
           ceil(COALESCE(g.chars_in, 0) / 4.0),
           ceil(CAST(:chars_out AS bigint) / 4.0),
           true,
           CAST(NULL AS bigint), floor(extract(EPOCH FROM g.finished_at - g.created_at) * 1000),
           'interrupted', g.created_at
    FROM generation g
    RETURNING generation_id, team_id, chars_in, tokens_in, tokens_out
), month AS (
    INSERT INTO usage_months (team_id, month, generations, tokens)
    SELECT u.team_id, CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date), 1, u.tokens_in + u.tokens_out
    FROM usage u
    ON CONFLICT (team_id, month) DO UPDATE
        SET generations = usage_months.generations + 1,
            tokens      = usage_months.tokens + excluded.tokens
)
SELECT count(*) AS reaped
FROM generation
