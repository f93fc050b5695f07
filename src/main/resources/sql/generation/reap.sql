-- A generation whose owner stopped beating is over: interrupted, with the text its chunks hold and a last event
-- saying so, and its usage row. One generation per statement, guarded by status, so two replicas reaping at once
-- save it once.
WITH generation AS (
    UPDATE generations
    SET status      = 'interrupted',
        last_seq    = :last_seq,
        finished_at = now(),
        -- a chat's generation counts what n8n got now (V14: the chat's messages are still exactly that; V17: read from their kept sum),
        -- off the path to the first token; a detached (/v1) one was given it at its start
        chars_in    = COALESCE(chars_in, chat_chars_sent(chat_id))
    WHERE id = :generation_id
      AND status = 'running'
      AND heartbeat_at < now() - CAST(:stale_after AS interval)
    RETURNING id, chat_id, team_id, user_id, generations AS ended
), chunk AS (
    INSERT INTO generation_chunks (generation_id, first_seq, last_seq, events)
    SELECT id, :first_seq, :last_seq, :events
    FROM generation
), chat AS (
    UPDATE chats c
    SET messages      = c.messages || CAST(:message AS jsonb),
        message_count = c.message_count + 1,
        -- V17: the kept count (counted now when it was not known) and the answer's characters
        content_chars = COALESCE(c.content_chars, chars_sent(c.messages, NULL))
                        + COALESCE(length(CAST(:message AS jsonb) ->> 'content'), 0),
        updated_at    = now()
    FROM generation g
    WHERE c.id = g.chat_id
      AND c.team_id = g.team_id
      AND c.user_id = g.user_id
      AND CAST(:message AS jsonb) IS NOT NULL
), usage AS (
    -- the usage ledger and the team's month (V9): what is known, the text so far, estimated tokens
    SELECT u.*
    FROM generation g
    CROSS JOIN LATERAL record_generation_usage(g.ended, CAST(:chars_out AS bigint), NULL, NULL, NULL, NULL) u
)
SELECT count(*) AS reaped
FROM generation g
LEFT JOIN usage u ON u.generation_id = g.id
