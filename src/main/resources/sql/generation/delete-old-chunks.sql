-- The final answer is in the chat; the events are kept a while for late resumers only.
DELETE FROM generation_chunks gc
USING generations g
WHERE gc.generation_id = g.id
  AND g.status <> 'running'
  AND g.finished_at < now() - CAST(:keep AS interval)
