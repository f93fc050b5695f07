WITH agent AS (
    UPDATE agents
    SET avatar_url = '/api/agents/' || id || '/avatar', updated_at = now()
    WHERE id = :id
      AND team_id = :team_id
      AND deleted_at IS NULL
    RETURNING id, team_id
)
INSERT INTO agent_avatars (agent_id, team_id, content_type, content, etag)
SELECT id, team_id, :content_type, :content, :etag FROM agent
ON CONFLICT (agent_id) DO UPDATE
SET content_type = EXCLUDED.content_type, content = EXCLUDED.content, etag = EXCLUDED.etag, updated_at = now()
