UPDATE chats
SET messages      = messages || CAST(:message AS jsonb),
    message_count = message_count + 1,
    updated_at    = now()
WHERE id = :chatId
  AND team_id = :teamId
  AND user_id = :userId
