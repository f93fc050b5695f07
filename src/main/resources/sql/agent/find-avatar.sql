SELECT av.content_type, av.content, av.etag
FROM agent_avatars av
JOIN agents a ON a.id = av.agent_id
WHERE av.agent_id = :id
  AND av.team_id = :team_id
  AND a.team_id = :team_id
  AND a.deleted_at IS NULL
