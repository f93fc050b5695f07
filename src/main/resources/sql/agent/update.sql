-- Fields not sent stay unchanged; nullable fields sent as null are cleared (set_<field> says they were sent).
UPDATE agents
SET name          = COALESCE(CAST(:name AS text), name),
    description   = CASE WHEN :set_description THEN CAST(:description AS text) ELSE description END,
    webhook_url   = COALESCE(CAST(:webhook_url AS text), webhook_url),
    webhook_token = CASE WHEN :set_webhook_token THEN CAST(:webhook_token AS text) ELSE webhook_token END,
    system_prompt = CASE WHEN :set_system_prompt THEN CAST(:system_prompt AS text) ELSE system_prompt END,
    config        = COALESCE(CAST(:config AS jsonb), config),
    is_active     = COALESCE(CAST(:is_active AS boolean), is_active),
    avatar_url    = CASE WHEN :set_avatar_url THEN CAST(:avatar_url AS text) ELSE avatar_url END,
    n8n_api_url   = CASE WHEN :set_n8n_api_url THEN CAST(:n8n_api_url AS text) ELSE n8n_api_url END,
    n8n_api_key   = CASE WHEN :set_n8n_api_key THEN CAST(:n8n_api_key AS text) ELSE n8n_api_key END,
    updated_at    = now()
WHERE id = :id
  AND team_id = :team_id
  AND deleted_at IS NULL
