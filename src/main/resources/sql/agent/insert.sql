-- The slug (the /v1 model id) is made from the name and kept on rename (V10__agent_slugs.sql); two creates racing
-- for one slug meet the unique index, and AgentStore tries again.
INSERT INTO agents (team_id, name, slug, description, webhook_url, webhook_token, system_prompt, config, is_active,
                    avatar_url, created_by)
VALUES (:team_id, :name, agent_free_slug(:team_id, agent_slug_base(:name)), :description, :webhook_url,
        :webhook_token, :system_prompt, CAST(:config AS jsonb), :is_active, :avatar_url, :user_id)
RETURNING id
