SELECT first_seq, last_seq, events
FROM generation_chunks
WHERE generation_id = :generation_id
  AND last_seq > :after_seq
ORDER BY last_seq
