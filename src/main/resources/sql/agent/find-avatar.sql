SELECT av.content_type, av.content, av.etag
FROM agent_avatars av
JOIN agents a ON a.id = av.agent_id
WHERE av.agent_id = :#${variable.agentId}
  AND av.team_id = :#${variable.teamId}
  AND a.team_id = :#${variable.teamId}
  AND a.deleted_at IS NULL
