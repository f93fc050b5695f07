-- serialises the attempts of one client address at one action across every replica until the transaction ends
SELECT pg_advisory_xact_lock(hashtextextended(:action || ' ' || :client, 0))
