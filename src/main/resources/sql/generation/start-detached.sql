-- A generation without a chat (a call of the OpenAI-compatible API): registered like any other, so it is counted,
-- can be stopped and is reaped when its replica dies; its answer is stored nowhere but in its events.
INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner)
VALUES (:generation_id, NULL, :team_id, :user_id, :agent_id, :owner)
