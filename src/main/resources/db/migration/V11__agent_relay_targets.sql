-- What the relay needs of an agent to call it, read by every statement that starts a generation (one place for the
-- columns). Relay settings (config.relay) stay in the gateway; the rest of config goes to n8n.
CREATE VIEW agent_relay_targets AS
SELECT a.id                        AS agent_id,
       a.team_id,
       a.webhook_url,
       a.webhook_token,
       a.system_prompt,
       (a.config - 'relay')::text  AS config,
       (a.config -> 'relay')::text AS relay_settings,
       a.is_active,
       a.deleted_at IS NOT NULL    AS agent_deleted
FROM agents a;
