-- Fields not sent stay unchanged. A new agent must be an active agent of the team: no row otherwise, and the
-- caller tells a missing chat from an unusable agent by chat-exists.sql.
UPDATE chats c
SET title      = COALESCE(CAST(:title AS text), c.title),
    agent_id   = COALESCE(CAST(:agent_id AS uuid), c.agent_id),
    updated_at = now()
WHERE c.id = :chat_id
  AND c.team_id = :team_id
  AND c.user_id = :user_id
  AND (CAST(:agent_id AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM agents a
                  WHERE a.id = CAST(:agent_id AS uuid) AND a.team_id = :team_id
                    AND a.deleted_at IS NULL AND a.is_active))
RETURNING c.id, c.title, c.agent_id, c.message_count, c.created_at, c.updated_at
