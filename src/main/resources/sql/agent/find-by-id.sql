-- The tokens themselves never leave the database: only whether there is one.
SELECT id, name, slug, description, webhook_url, webhook_token IS NOT NULL AS has_webhook_token,
       n8n_api_url, n8n_api_key IS NOT NULL AS has_n8n_api_key,
       system_prompt, config::text AS config, is_active, avatar_url, created_at, updated_at
FROM agents
WHERE id = :id
  AND team_id = :team_id
  AND deleted_at IS NULL
