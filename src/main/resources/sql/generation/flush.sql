-- One statement per second for all the generations this replica runs: their new events, their heartbeat, and
-- whether someone asked to stop them (a stop arrives this way even when its notification was lost). Followers on
-- other replicas are woken to read the new chunks.
WITH batch AS (
    SELECT *
    FROM unnest(CAST(:ids AS uuid[]), CAST(:first_seqs AS int[]), CAST(:last_seqs AS int[]), CAST(:events AS text[]))
             AS b(generation_id, first_seq, last_seq, events)
), chunks AS (
    INSERT INTO generation_chunks (generation_id, first_seq, last_seq, events)
    SELECT b.generation_id, b.first_seq, b.last_seq, b.events
    FROM batch b
    JOIN generations g ON g.id = b.generation_id
    WHERE b.events IS NOT NULL
)
UPDATE generations g
SET last_seq     = GREATEST(g.last_seq, batch.last_seq),
    heartbeat_at = now()
FROM batch, (SELECT pg_notify('generation_events', '')) AS followers_woken
WHERE g.id = batch.generation_id
  AND g.status = 'running'
RETURNING g.id, g.stop_requested_at IS NOT NULL AS stop_requested
