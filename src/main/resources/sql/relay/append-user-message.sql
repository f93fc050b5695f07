-- Atomic append (no read-modify-write, so concurrent sends never lose a message); returns the history n8n gets.
UPDATE chats
SET messages      = messages || CAST(:#${variable.userMessage} AS jsonb),
    message_count = message_count + 1,
    updated_at    = now()
WHERE id = :#${variable.chatId}
  AND team_id = :#${variable.teamId}
  AND user_id = :#${variable.userId}
RETURNING (SELECT jsonb_agg(jsonb_build_object('role', e.m -> 'role', 'content', e.m -> 'content',
                                               'timestamp', e.m -> 'timestamp') ORDER BY e.position)
           FROM jsonb_array_elements(messages) WITH ORDINALITY AS e(m, position))::text AS history
