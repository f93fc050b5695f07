SELECT id, status, owner, last_seq
FROM generations
WHERE id = :generation_id
