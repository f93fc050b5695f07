SELECT team_id, role
FROM team_invites
WHERE token_hash = :token_hash
  AND used_at IS NULL
  AND expires_at > now()
  AND (email IS NULL OR lower(email) = lower(:email))
FOR UPDATE
