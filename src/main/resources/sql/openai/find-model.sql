-- One model of the team by its id (the agent's slug), with what the relay needs to call it. Relay settings
-- (config.relay) stay in the gateway; the rest of config goes to n8n.
SELECT a.id,
       a.slug,
       a.created_at,
       t.slug                      AS team_slug,
       a.webhook_url,
       a.webhook_token,
       a.system_prompt,
       (a.config - 'relay')::text  AS config,
       (a.config -> 'relay')::text AS relay_settings
FROM agents a
         JOIN teams t ON t.id = a.team_id
WHERE a.team_id = :team_id
  AND a.slug = :slug
  AND a.deleted_at IS NULL
  AND a.is_active
