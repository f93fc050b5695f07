DELETE FROM team_invites WHERE id = :#${variable.inviteId} AND team_id = :#${variable.teamId}
