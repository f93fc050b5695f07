-- Saves the user message and registers its generation (V14 start_chat_generation, where the rules are): the history n8n
-- gets and the agent to call, or no row. Sent unprepared (Turn.unprepared): the function keeps its own plans.
SELECT s.history, s.chat_id, (s.target).*
FROM start_chat_generation(CAST(:generation_id AS uuid), CAST(:chat_id AS uuid), CAST(:team_id AS uuid),
                           CAST(:user_id AS uuid), CAST(:owner AS text), CAST(:message AS jsonb),
                           CAST(:max_running_default AS integer), CAST(:quota_scope AS text),
                           CAST(:quota_per_key AS boolean), CAST(:rpm_default AS integer),
                           CAST(:tokens_default AS bigint)) AS s
