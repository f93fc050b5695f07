INSERT INTO error_logs (team_id, user_id, agent_id, chat_id, code, detail)
VALUES (:teamId, :userId, :agentId, :chatId, :code, :detail)
