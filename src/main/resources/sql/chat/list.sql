-- Summaries only, the messages column is never read here (message_count is kept by every append). The agent
-- filter is its own statement (list-by-agent.sql) rather than an "IS NULL OR" on a parameter, which PostgreSQL
-- often planned afresh at bind time: the split measured about 15 % less database CPU per list (bench/results).
-- The times come as microseconds since the epoch (exact: timestamptz keeps microseconds), read by column index
-- (ChatStore.LIST): parsing two timestamp texts per row was ~15 % of the list's JDBC time.
SELECT id, title, agent_id, message_count,
       (extract(epoch FROM created_at) * 1000000)::bigint AS created_at_us,
       (extract(epoch FROM updated_at) * 1000000)::bigint AS updated_at_us
FROM chats
WHERE team_id = :team_id
  AND user_id = :user_id
ORDER BY updated_at DESC, id DESC
LIMIT :limit OFFSET :offset
