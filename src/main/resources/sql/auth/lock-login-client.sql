-- serialises the attempts of one client address across every replica until the transaction ends
SELECT pg_advisory_xact_lock(hashtextextended(:client, 0))
