-- Marks the chat's running generation (or only the named one) to be stopped; its owner hears of it by
-- notification, or at its next flush.
UPDATE generations
SET stop_requested_at = COALESCE(stop_requested_at, now())
WHERE chat_id = :chat_id
  AND team_id = :team_id
  AND user_id = :user_id
  AND status = 'running'
  AND (CAST(:generation_id AS uuid) IS NULL OR id = CAST(:generation_id AS uuid))
RETURNING id, owner
