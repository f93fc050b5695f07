INSERT INTO agents (team_id, name, description, webhook_url, system_prompt, config, created_by)
VALUES (:team_id,
        'Demo agent',
        'Built into the gateway in development: echoes your message word by word, streamed like n8n.',
        :webhook_url,
        'You are a friendly demo agent.',
        '{}'::jsonb,
        :created_by)
