-- One model of the team by its id (the agent's slug), with what the relay needs to call it (agent_relay_targets, V11:
-- relay settings stay in the gateway; the rest of config goes to n8n). Only active agents that are not deleted.
SELECT a.id,
       a.slug,
       a.created_at,
       tm.slug AS team_slug,
       t.webhook_url,
       t.webhook_token,
       t.system_prompt,
       t.config,
       t.relay_settings
FROM agents a
         JOIN agent_relay_targets t ON t.agent_id = a.id AND t.team_id = a.team_id
         JOIN teams tm ON tm.id = a.team_id
WHERE a.team_id = :team_id
  AND a.slug = :slug
  AND a.deleted_at IS NULL
  AND a.is_active
