SELECT pg_advisory_xact_lock(hashtextextended('chat-gateway-bootstrap-admin', 0))
