-- The start of a send's generation as one PL/pgSQL function (sql/generation/start.sql calls it), for two reasons
-- measured in bench/results/2026-12-02-start-function.md:
-- * PostgreSQL keeps the plans of a PL/pgSQL function's statements for the session, so the call itself needs no
--   server-side prepared statement; unprepared, pgjdbc sends the transaction's BEGIN in the same round trip (before a
--   prepared statement whose row has unbounded columns it syncs first: one round trip more per send);
-- * a SQL function that cannot be inlined is planned again on every call: chars_sent becomes PL/pgSQL;
-- * the characters of text n8n gets (chars_in, for the usage row) are counted when the generation ends
--   (sql/generation/finish.sql, reap.sql: the chat's messages are then still what n8n got), not before n8n is called.

CREATE OR REPLACE FUNCTION chars_sent(p_messages jsonb, p_system_prompt text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
BEGIN
    RETURN COALESCE(length(p_system_prompt), 0)
               + COALESCE((SELECT sum(length(m.message ->> 'content')) FROM jsonb_array_elements(p_messages) AS m(message)), 0);
END
$$;

-- Saves the user message (p_message) and registers its generation: no row when the chat is not the caller's, its
-- agent is gone, or a quota refuses it (the team's concurrent generations, V9 generation_slot_free, taken only for a
-- chat that is there; then the requests per minute and tokens per month, V12 quota_admitted, which counts the
-- request); the unique index on running generations refuses a second one for the chat (SQLSTATE 23505). The caller
-- commits, or rolls back when it refuses the row: then nothing is saved. Returns the history n8n gets (the chat's
-- messages) and the agent to call. chars_in stays null until the generation ends.
CREATE FUNCTION start_chat_generation(p_generation uuid, p_chat uuid, p_team uuid, p_user uuid, p_owner text,
                                      p_message jsonb, p_max_running_default integer, p_quota_scope text,
                                      p_quota_per_key boolean, p_rpm_default integer, p_tokens_default bigint)
    RETURNS TABLE (history text, chat_id uuid, target agent_relay_targets)
    LANGUAGE plpgsql VOLATILE AS
$$
#variable_conflict use_column
DECLARE
    chat record;
BEGIN
    UPDATE chats c
    SET messages      = c.messages || p_message,
        message_count = c.message_count + 1,
        updated_at    = now()
    WHERE c.id = p_chat
      AND c.team_id = p_team
      AND c.user_id = p_user
      AND generation_slot_free(p_team, p_max_running_default)
      AND quota_admitted(p_team, p_quota_scope, p_quota_per_key, p_rpm_default, p_tokens_default)
    RETURNING c.id, c.agent_id, c.messages INTO chat;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT t.* INTO target FROM agent_relay_targets t WHERE t.agent_id = chat.agent_id AND t.team_id = p_team;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner)
    VALUES (p_generation, chat.id, p_team, p_user, chat.agent_id, p_owner);
    history := chat.messages::text;
    chat_id := chat.id;
    RETURN NEXT;
END
$$;

-- The characters of text n8n got for a generation of the chat: its messages and its agent's system prompt, read by
-- the statement that ends the generation before that appends the answer (a STABLE function sees the calling
-- statement's snapshot, which the statements of its WITH share).
CREATE FUNCTION chat_chars_sent(p_chat uuid) RETURNS bigint
    LANGUAGE plpgsql STABLE AS
$$
BEGIN
    RETURN (SELECT chars_sent(c.messages, a.system_prompt)
            FROM chats c
                     LEFT JOIN agents a ON a.id = c.agent_id AND a.team_id = c.team_id
            WHERE c.id = p_chat);
END
$$;
