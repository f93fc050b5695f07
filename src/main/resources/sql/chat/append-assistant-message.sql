-- Atomic append of an answer (no read-modify-write, so concurrent sends never lose a message); 0 rows when the
-- chat was deleted meanwhile.
UPDATE chats
SET messages      = messages || CAST(:message AS jsonb),
    message_count = message_count + 1,
    updated_at    = now()
WHERE id = :chatId
  AND team_id = :teamId
  AND user_id = :userId
