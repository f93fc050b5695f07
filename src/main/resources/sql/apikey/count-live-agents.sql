-- how many of the given agents are the team's and not deleted
SELECT count(*)
FROM agents
WHERE team_id = :team_id
  AND deleted_at IS NULL
  AND id = ANY (CAST(:agent_ids AS uuid[]))
