SELECT EXISTS (SELECT 1 FROM chats WHERE id = :chat_id AND team_id = :team_id AND user_id = :user_id)
