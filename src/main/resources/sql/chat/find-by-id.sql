SELECT c.id, c.title, c.agent_id, a.name AS agent_name, a.deleted_at IS NOT NULL AS agent_deleted,
       c.message_count, c.messages, c.created_at, c.updated_at
FROM chats c
JOIN agents a ON a.id = c.agent_id
WHERE c.id = :#${variable.chatId}
  AND c.team_id = :#${variable.teamId}
  AND c.user_id = :#${variable.userId}
