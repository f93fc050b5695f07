-- Whether the team runs as many generations as its limit (the team's, else the default) allows; null: no limit.
SELECT count(g.id) >= COALESCE(t.quota_max_concurrent_generations, CAST(:max_running_default AS integer)) AS at_limit
FROM teams t
LEFT JOIN generations g ON g.team_id = t.id AND g.status = 'running'
WHERE t.id = :team_id
GROUP BY t.quota_max_concurrent_generations
