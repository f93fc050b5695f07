-- Summaries only, the messages column is never read here (message_count is kept by every append). The agent
-- filter is its own statement (list-by-agent.sql) rather than an "IS NULL OR" on a parameter, which PostgreSQL
-- often planned afresh at bind time: the split measured about 15 % less database CPU per list (bench/results).
SELECT id, title, agent_id, message_count, created_at, updated_at
FROM chats
WHERE team_id = :team_id
  AND user_id = :user_id
ORDER BY updated_at DESC, id DESC
LIMIT :limit OFFSET :offset
