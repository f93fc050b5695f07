SELECT id, role, email, expires_at, used_at, used_by, created_at,
       CASE WHEN used_at IS NOT NULL THEN 'used' WHEN expires_at <= now() THEN 'expired' ELSE 'pending' END AS status
FROM team_invites
WHERE team_id = :team_id
ORDER BY created_at DESC, id
