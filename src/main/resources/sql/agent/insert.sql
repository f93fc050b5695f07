-- The slug (the /v1 model id) is set by the agents_slug trigger (V10__agent_slugs.sql) from the name; two creates
-- racing for one slug meet the unique index, and AgentStore tries again.
INSERT INTO agents (team_id, name, description, webhook_url, webhook_token, system_prompt, config, is_active,
                    avatar_url, n8n_api_url, n8n_api_key, created_by)
VALUES (:team_id, :name, :description, :webhook_url, :webhook_token, :system_prompt,
        CAST(:config AS jsonb), :is_active, :avatar_url, :n8n_api_url, :n8n_api_key, :user_id)
RETURNING id
