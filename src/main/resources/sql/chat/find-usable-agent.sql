-- An agent a chat may use, in the team of the caller, not deleted, active.
SELECT id
FROM agents
WHERE id = :#agent_id
  AND team_id = :#${variable.teamId}
  AND deleted_at IS NULL
  AND is_active
