INSERT INTO agents (team_id, name, description, webhook_url, webhook_token, system_prompt, config, is_active,
                    avatar_url, created_by)
VALUES (:team_id, :name, :description, :webhook_url, :webhook_token, :system_prompt,
        CAST(:config AS jsonb), :is_active, :avatar_url, :user_id)
RETURNING id
