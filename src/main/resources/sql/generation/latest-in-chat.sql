-- The chat's newest generation (running or not), for the answers to stop and resume.
SELECT id, status
FROM generations
WHERE chat_id = :chat_id
  AND team_id = :team_id
  AND user_id = :user_id
ORDER BY created_at DESC
LIMIT 1
