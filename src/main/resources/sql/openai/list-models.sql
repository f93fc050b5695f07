-- The team's agents that the OpenAI-compatible API offers as models: active and not deleted, by slug (the model id).
-- An API key limited to some agents sees only those (filtered in OpenAiModels, from the key's principal).
SELECT a.id, a.slug, a.created_at, t.slug AS team_slug
FROM agents a
         JOIN teams t ON t.id = a.team_id
WHERE a.team_id = :team_id
  AND a.deleted_at IS NULL
  AND a.is_active
ORDER BY a.slug
