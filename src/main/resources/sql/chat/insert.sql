-- Only with an active agent of the caller's team: no row (a 404) otherwise.
INSERT INTO chats (team_id, user_id, agent_id, title)
SELECT a.team_id, :user_id, a.id, COALESCE(CAST(:title AS text), 'New chat')
FROM agents a
WHERE a.id = :agent_id
  AND a.team_id = :team_id
  AND a.deleted_at IS NULL
  AND a.is_active
RETURNING id, title, agent_id, message_count, created_at, updated_at
