SELECT id
FROM generations
WHERE status = 'running'
  AND heartbeat_at < now() - CAST(:stale_after AS interval)
LIMIT 100
