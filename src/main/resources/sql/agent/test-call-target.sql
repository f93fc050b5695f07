-- What a test call of the agent needs (POST /api/agents/{id}/test-call, agent.AgentTestCall): where and how to call
-- it. An inactive agent can be tried too; a deleted one, or another team's, is not found.
SELECT id                            AS agent_id,
       webhook_url,
       webhook_token,
       system_prompt,
       (config - 'relay')::text      AS config,
       (config -> 'relay')::text     AS relay_settings
FROM agents
WHERE id = :id
  AND team_id = :team_id
  AND deleted_at IS NULL
