-- A new answer to the last user message: the answer it had (if the chat ends with one) moves to superseded, and the
-- generation is registered, in one statement. No row: the chat is not the caller's, or has no user message to
-- answer last.
WITH chat AS (
    UPDATE chats c
    SET superseded    = CASE WHEN c.messages -> -1 ->> 'role' = 'assistant'
                             THEN c.superseded || jsonb_build_array((c.messages -> -1)
                                  || jsonb_build_object('superseded_by', 'regenerate', 'superseded_at', now()))
                             ELSE c.superseded END,
        messages      = CASE WHEN c.messages -> -1 ->> 'role' = 'assistant' THEN c.messages - (-1) ELSE c.messages END,
        message_count = CASE WHEN c.messages -> -1 ->> 'role' = 'assistant'
                             THEN c.message_count - 1 ELSE c.message_count END,
        -- V17: less the answer that moves away
        content_chars = CASE WHEN c.messages -> -1 ->> 'role' = 'assistant'
                             THEN c.content_chars - COALESCE(length(c.messages -> -1 ->> 'content'), 0)
                             ELSE c.content_chars END,
        updated_at    = now()
    WHERE c.id = :chat_id
      AND c.team_id = :team_id
      AND c.user_id = :user_id
      AND (CASE WHEN c.messages -> -1 ->> 'role' = 'assistant' THEN c.messages -> -2 ELSE c.messages -> -1 END)
              ->> 'role' = 'user'
      -- the team's concurrent-generations quota, atomic across replicas (V9 generation_slot_free); last, so that
      -- the lock is taken only for a chat that is there
      AND generation_slot_free(:team_id, CAST(:max_running_default AS integer))
      -- then the requests per minute and tokens per month (V12 quota_admitted; counts the request)
      AND quota_admitted(:team_id, :quota_scope, CAST(:quota_per_key AS boolean), CAST(:rpm_default AS integer),
                         CAST(:tokens_default AS bigint))
    RETURNING c.id, c.agent_id, c.messages::text AS history
), generation AS (
    -- chars_in is counted when the generation ends (finish.sql, reap.sql), as for a send
    INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner)
    SELECT :generation_id, chat.id, :team_id, :user_id, chat.agent_id, :owner
    FROM chat
    RETURNING id
)
SELECT chat.history, chat.id AS chat_id, t.*
FROM chat
         JOIN generation ON true
         JOIN agent_relay_targets t ON t.agent_id = chat.agent_id AND t.team_id = :team_id
