SELECT c.id, c.title, c.agent_id, a.name AS agent_name, a.deleted_at IS NOT NULL AS agent_deleted,
       c.message_count, c.messages::text AS messages, c.created_at, c.updated_at
FROM chats c
JOIN agents a ON a.id = c.agent_id
WHERE c.id = :chat_id
  AND c.team_id = :team_id
  AND c.user_id = :user_id
