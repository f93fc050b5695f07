-- list.sql narrowed to the chats with one agent (GET /api/chats?agent_id=...).
SELECT id, title, agent_id, message_count,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_at_us,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_at_us
FROM chats
WHERE team_id = :team_id
  AND user_id = :user_id
  AND agent_id = :agent_id
ORDER BY updated_at DESC, id DESC
LIMIT :limit OFFSET :offset
