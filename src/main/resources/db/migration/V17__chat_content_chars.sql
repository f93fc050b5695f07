-- The characters of a chat's message contents, kept by the statements that change its messages, so that a generation's
-- end counts what n8n got (chars_in, for the usage row) without walking the whole history: that walk was linear in
-- the chat's length on every end (0.7 ms of PostgreSQL's time at 1,000 messages, 1.7-2.3 ms at 5,000). Null: not
-- known (chats from before this column); the next end counts the messages and stores the sum. New chats start at 0
-- with no messages.
ALTER TABLE chats ADD COLUMN content_chars bigint;
ALTER TABLE chats ALTER COLUMN content_chars SET DEFAULT 0;

-- Any other writer of the messages (a replica still running the statements from before this migration during a
-- rolling update, or SQL from outside the service) leaves the count as it was: it is then no longer known. The
-- statements of this version change both, except where the sum stays as it was (an answer without text, a regenerate
-- of a chat that does not end with an answer, an edit that keeps the sum): such a chat is counted at its next end,
-- one walk, as every end did before. A chat inserted with messages by SQL is not known either.
CREATE FUNCTION chats_content_chars_unknown() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.content_chars := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER chats_messages_without_count
    BEFORE UPDATE OF messages ON chats
    FOR EACH ROW
    WHEN (NEW.content_chars IS NOT DISTINCT FROM OLD.content_chars)
EXECUTE FUNCTION chats_content_chars_unknown();

CREATE TRIGGER chats_inserted_with_messages
    BEFORE INSERT ON chats
    FOR EACH ROW
    WHEN (NEW.content_chars IS NOT NULL AND NEW.messages <> '[]'::jsonb)
EXECUTE FUNCTION chats_content_chars_unknown();

-- V14's function, read through the kept count (same snapshot rule as there).
CREATE OR REPLACE FUNCTION chat_chars_sent(p_chat uuid) RETURNS bigint
    LANGUAGE plpgsql STABLE AS
$$
BEGIN
    -- columns, not the row: a row value holds its columns detoasted, the whole messages array
    RETURN (SELECT COALESCE(c.content_chars, chars_sent(c.messages, NULL)) + COALESCE(length(a.system_prompt), 0)
            FROM chats c
                     LEFT JOIN agents a ON a.id = c.agent_id AND a.team_id = c.team_id
            WHERE c.id = p_chat);
END
$$;

-- V14's function, adding the user message's characters to the kept count (null stays null).
CREATE OR REPLACE FUNCTION start_chat_generation(p_generation uuid, p_chat uuid, p_team uuid, p_user uuid,
                                                 p_owner text, p_message jsonb, p_max_running_default integer,
                                                 p_quota_scope text, p_quota_per_key boolean, p_rpm_default integer,
                                                 p_tokens_default bigint)
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
        content_chars = c.content_chars + COALESCE(length(p_message ->> 'content'), 0),
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
