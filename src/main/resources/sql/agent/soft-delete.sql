-- Soft delete, so that the chats of the agent stay readable (and refuse new messages).
UPDATE agents
SET deleted_at = now(), is_active = false, updated_at = now()
WHERE id = :#${variable.agentId}
  AND team_id = :#${variable.teamId}
  AND deleted_at IS NULL
