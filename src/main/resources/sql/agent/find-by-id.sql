-- Non-admins never see the webhook URL; nobody sees the token.
SELECT id, name, description,
       CASE WHEN :#${variable.role} = 'admin' THEN webhook_url END AS webhook_url,
       webhook_token IS NOT NULL AS has_webhook_token,
       system_prompt, config, is_active, avatar_url, created_at, updated_at
FROM agents
WHERE id = :#${variable.agentId}
  AND team_id = :#${variable.teamId}
  AND deleted_at IS NULL
