-- The end of a generation, by its owner: its last events, its status and the assistant message, in one statement.
-- Only while it is still running: a replica taken for dead (its generation saved as interrupted by another) must
-- not append the answer a second time. Its usage row is written with it; the counts of n8n's input come back for
-- the metrics. No NOTIFY: PostgreSQL serialises the commits of all transactions that notify (a database-wide lock
-- held through the commit's WAL flush), which at hundreds of ends per second queued the pool; followers on other
-- replicas read the end with their next poll (GenerationStreams, every 500 ms), local ones are handed it at once.
WITH generation AS (
    UPDATE generations
    SET status      = :status,
        last_seq    = :last_seq,
        finished_at = now(),
        -- a chat's generation counts what n8n got now (V14: the chat's messages are still exactly that; V17: read from their kept sum),
        -- off the path to the first token; a detached (/v1) one was given it at its start
        chars_in    = COALESCE(chars_in, chat_chars_sent(chat_id))
    WHERE id = :generation_id
      AND status = 'running'
    RETURNING id, chat_id, team_id, user_id, generations AS ended
), chunk AS (
    INSERT INTO generation_chunks (generation_id, first_seq, last_seq, events)
    SELECT id, :first_seq, :last_seq, :events
    FROM generation
    WHERE CAST(:events AS text) IS NOT NULL
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
    -- the usage ledger and the team's month (V9): what the relay measured
    SELECT u.*
    FROM generation g
    CROSS JOIN LATERAL record_generation_usage(g.ended, CAST(:chars_out AS bigint), CAST(:tokens_in AS bigint),
                                               CAST(:tokens_out AS bigint), CAST(:ttft_ms AS bigint),
                                               CAST(:duration_ms AS bigint)) u
)
SELECT count(*) AS finished, max(u.chars_in) AS chars_in, max(u.tokens_in) AS tokens_in,
       max(u.tokens_out) AS tokens_out
FROM generation g
LEFT JOIN usage u ON u.generation_id = g.id
