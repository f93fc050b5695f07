-- Fields not sent stay unchanged. A new agent must be usable (checked before, and again here).
UPDATE chats c
SET title      = COALESCE(CAST(:#title AS text), c.title),
    agent_id   = COALESCE(CAST(:#agent_id AS uuid), c.agent_id),
    updated_at = now()
WHERE c.id = :#${variable.chatId}
  AND c.team_id = :#${variable.teamId}
  AND c.user_id = :#${variable.userId}
  AND (CAST(:#agent_id AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM agents a
                  WHERE a.id = CAST(:#agent_id AS uuid) AND a.team_id = :#${variable.teamId}
                    AND a.deleted_at IS NULL AND a.is_active))
RETURNING c.id, c.title, c.agent_id, c.message_count, c.created_at, c.updated_at
