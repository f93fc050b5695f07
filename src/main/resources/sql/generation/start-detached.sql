-- A generation without a chat (a call of the OpenAI-compatible API): registered like any other, so it is counted,
-- can be stopped and is reaped when its replica dies; its answer is stored nowhere but in its events.
-- :api_key_id and :chars_in (the characters of text n8n gets) are bound for the usage columns of V9
-- (generations.api_key_id, chars_in): add them to the insert, with the concurrent-generations check, once V9 is here.
INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner)
VALUES (:generation_id, NULL, :team_id, :user_id, :agent_id, :owner)
