-- The agent's n8n public API, when it has both a URL and a key (a stopped generation then stops its execution).
-- Deleted agents too: a generation started before the agent was deleted is still its n8n's execution.
SELECT n8n_api_url, n8n_api_key
FROM agents
WHERE id = :agent_id
  AND team_id = :team_id
  AND n8n_api_url IS NOT NULL
  AND n8n_api_key IS NOT NULL
