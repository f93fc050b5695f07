INSERT INTO chats (team_id, user_id, agent_id, title)
SELECT a.team_id, :#${variable.userId}, a.id, COALESCE(CAST(:#title AS text), 'New chat')
FROM agents a
WHERE a.id = :#agent_id
  AND a.team_id = :#${variable.teamId}
  AND a.deleted_at IS NULL
  AND a.is_active
RETURNING id, title, agent_id, message_count, created_at, updated_at
