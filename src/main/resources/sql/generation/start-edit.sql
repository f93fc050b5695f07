-- A user message replaced: it and everything after it move to superseded, the new version is appended, and the
-- generation is registered, in one statement. No row: the chat is not the caller's, or has no such user message.
WITH target AS (
    SELECT c.id, e.position
    FROM chats c
    CROSS JOIN LATERAL (
        SELECT ordinality - 1 AS position
        FROM jsonb_array_elements(c.messages) WITH ORDINALITY AS m(message, ordinality)
        WHERE m.message ->> 'id' = :edit_message_id
          AND m.message ->> 'role' = 'user'
    ) e
    WHERE c.id = :chat_id
      AND c.team_id = :team_id
      AND c.user_id = :user_id
), chat AS (
    UPDATE chats c
    SET superseded    = c.superseded || COALESCE(
            (SELECT jsonb_agg(m.message || jsonb_build_object('superseded_by', 'edit', 'superseded_at', now())
                              ORDER BY m.ordinality)
             FROM jsonb_array_elements(c.messages) WITH ORDINALITY AS m(message, ordinality)
             WHERE m.ordinality - 1 >= target.position), '[]'::jsonb),
        messages      = COALESCE(
            (SELECT jsonb_agg(m.message ORDER BY m.ordinality)
             FROM jsonb_array_elements(c.messages) WITH ORDINALITY AS m(message, ordinality)
             WHERE m.ordinality - 1 < target.position), '[]'::jsonb) || CAST(:message AS jsonb),
        message_count = target.position + 1,
        -- V17: what stays, and the new version
        content_chars = COALESCE(
            (SELECT sum(length(m.message ->> 'content'))
             FROM jsonb_array_elements(c.messages) WITH ORDINALITY AS m(message, ordinality)
             WHERE m.ordinality - 1 < target.position), 0) + COALESCE(length(CAST(:message AS jsonb) ->> 'content'), 0),
        updated_at    = now()
    FROM target
    WHERE c.id = target.id
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
