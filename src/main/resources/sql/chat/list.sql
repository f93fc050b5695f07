-- Summaries only, the messages column is never read here (message_count is kept by every append).
SELECT id, title, agent_id, message_count, created_at, updated_at
FROM chats
WHERE team_id = :#${variable.teamId}
  AND user_id = :#${variable.userId}
  AND (CAST(:#agent_id AS uuid) IS NULL OR agent_id = CAST(:#agent_id AS uuid))
ORDER BY updated_at DESC, id DESC
LIMIT :#limit OFFSET :#offset
