-- Saves the user message and registers its generation in one statement: the unique index on running generations
-- refuses a second one for the chat (and then the message is not saved either). Returns the history n8n gets and the agent to call
-- (the caller may still refuse it and roll back: nothing is saved then).
WITH chat AS (
    UPDATE chats
    SET messages      = messages || CAST(:message AS jsonb),
        message_count = message_count + 1,
        updated_at    = now()
    WHERE id = :chat_id
      AND team_id = :team_id
      AND user_id = :user_id
      -- the team's concurrent-generations quota, atomic across replicas (V9 generation_slot_free); last, so that
      -- the lock is taken only for a chat that is there
      AND generation_slot_free(:team_id, CAST(:max_running_default AS integer))
      -- then the requests per minute and tokens per month (V12 quota_admitted; counts the request)
      AND quota_admitted(:team_id, :quota_scope, CAST(:quota_per_key AS boolean), CAST(:rpm_default AS integer),
                         CAST(:tokens_default AS bigint))
    RETURNING id, agent_id, messages, messages::text AS history
), generation AS (
    INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner, chars_in)
    SELECT :generation_id, chat.id, :team_id, :user_id, chat.agent_id, :owner,
           chars_sent(chat.messages, (SELECT a.system_prompt FROM agents a WHERE a.id = chat.agent_id AND a.team_id = :team_id))
    FROM chat
    RETURNING id
)
SELECT chat.history, chat.id AS chat_id, t.*
FROM chat
         JOIN generation ON true
         JOIN agent_relay_targets t ON t.agent_id = chat.agent_id AND t.team_id = :team_id
