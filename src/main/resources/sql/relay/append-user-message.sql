-- Atomic append (no read-modify-write, so concurrent sends never lose a message); returns the stored
-- history (WebhookRequest keeps role, content and timestamp of each message for n8n).
UPDATE chats
SET messages      = messages || CAST(:#${variable.userMessage} AS jsonb),
    message_count = message_count + 1,
    updated_at    = now()
WHERE id = :#${variable.chatId}
  AND team_id = :#${variable.teamId}
  AND user_id = :#${variable.userId}
RETURNING messages::text AS history
