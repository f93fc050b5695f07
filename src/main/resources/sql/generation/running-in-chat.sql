SELECT id
FROM generations
WHERE chat_id = :chat_id
  AND team_id = :team_id
  AND user_id = :user_id
  AND status = 'running'
