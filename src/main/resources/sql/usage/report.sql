-- The team's usage from :from to :to (dates, inclusive, UTC, by when each generation started), one row per day,
-- agent, user or API key (:group_by), and the totals (the row of the empty grouping set). key null: none (e.g.
-- chat usage grouped by key). failed = error or interrupted.
WITH usage AS (
    SELECT CASE CAST(:group_by AS text)
               WHEN 'day' THEN to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
               WHEN 'agent' THEN CAST(u.agent_id AS text)
               WHEN 'user' THEN CAST(u.user_id AS text)
               ELSE CAST(u.api_key_id AS text)
           END AS key,
           u.*
    FROM generation_usage u
    WHERE u.team_id = :team_id
      AND u.created_at >= CAST(:from AS date) AT TIME ZONE 'UTC'
      AND u.created_at < (CAST(:to AS date) + 1) AT TIME ZONE 'UTC'
), grouped AS (
    SELECT key,
           GROUPING(key) = 1                                      AS total,
           count(*)                                               AS generations,
           count(*) FILTER (WHERE status = 'complete')            AS completed,
           count(*) FILTER (WHERE status IN ('error', 'interrupted'))
                                                                  AS failed,
           count(*) FILTER (WHERE status = 'stopped')             AS stopped,
           CAST(sum(chars_in) AS bigint)                          AS chars_in,
           CAST(sum(chars_out) AS bigint)                         AS chars_out,
           CAST(sum(tokens_in) AS bigint)                         AS tokens_in,
           CAST(sum(tokens_out) AS bigint)                        AS tokens_out,
           CAST(round(avg(ttft_ms)) AS bigint)                    AS avg_ttft_ms,
           CAST(round(avg(duration_ms)) AS bigint)                AS avg_duration_ms
    FROM usage
    GROUP BY GROUPING SETS ((key), ())
)
SELECT g.*,
       CASE CAST(:group_by AS text)
           WHEN 'day' THEN g.key
           WHEN 'agent' THEN (SELECT a.name FROM agents a WHERE a.id = CAST(g.key AS uuid) AND a.team_id = :team_id)
           WHEN 'user' THEN (SELECT s.email FROM users s WHERE s.id = CAST(g.key AS uuid) AND s.team_id = :team_id)
           WHEN 'key' THEN (SELECT k.name FROM api_keys k WHERE k.id = CAST(g.key AS uuid) AND k.team_id = :team_id)
       END AS label
FROM grouped g
ORDER BY g.total, CASE WHEN CAST(:group_by AS text) = 'day' THEN g.key END,
         g.tokens_in + g.tokens_out DESC, g.key NULLS LAST
