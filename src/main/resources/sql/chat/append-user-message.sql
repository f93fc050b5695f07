-- Atomic append (no read-modify-write, so concurrent sends never lose a message); returns the stored
-- history (WebhookRequest keeps role, content and timestamp of each message for n8n). Runs in a transaction
-- that ChatMessageStore commits while n8n is already being called.
UPDATE chats
SET messages      = messages || CAST(:message AS jsonb),
    message_count = message_count + 1,
    updated_at    = now()
WHERE id = :chatId
  AND team_id = :teamId
  AND user_id = :userId
RETURNING messages::text AS history
