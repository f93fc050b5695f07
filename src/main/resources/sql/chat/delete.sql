DELETE FROM chats
WHERE id = :#${variable.chatId}
  AND team_id = :#${variable.teamId}
  AND user_id = :#${variable.userId}
