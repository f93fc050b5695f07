-- The caller's chat with what the relay needs of its agent (read into relay.ChatAgent). Relay settings
-- (config.relay) stay in the gateway; the rest of config goes to n8n.
SELECT c.id                            AS chat_id,
       a.id                            AS agent_id,
       a.webhook_url,
       a.webhook_token,
       a.system_prompt,
       (a.config - 'relay')::text      AS config,
       (a.config -> 'relay')::text     AS relay_settings,
       a.is_active,
       a.deleted_at IS NOT NULL        AS agent_deleted
FROM chats c
         JOIN agents a ON a.id = c.agent_id AND a.team_id = c.team_id
WHERE c.id = :chatId
  AND c.team_id = :teamId
  AND c.user_id = :userId
