-- The chat with its messages and, while one runs, its generation (a reloaded page attaches to it).
SELECT c.id, c.title, c.agent_id, a.name AS agent_name, a.deleted_at IS NOT NULL AS agent_deleted,
       c.message_count, c.messages::text AS messages, c.created_at, c.updated_at,
       g.id AS generation_id, g.status AS generation_status,
       CASE WHEN :with_superseded THEN c.superseded::text END AS superseded
FROM chats c
JOIN agents a ON a.id = c.agent_id
LEFT JOIN generations g ON g.chat_id = c.id AND g.status = 'running'
WHERE c.id = :chat_id
  AND c.team_id = :team_id
  AND c.user_id = :user_id
