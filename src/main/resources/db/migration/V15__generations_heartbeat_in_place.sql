-- Every running generation's heartbeat is written once a second (sql/generation/flush.sql). With heartbeat_at indexed,
-- each of those updates put a new entry into every index of the table; without the index, and with room left on the
-- row's page, PostgreSQL updates the row in place (a HOT update: no index entry, less WAL, less vacuum). The reaper's
-- scan for stale generations (sql/generation/stale.sql) reads the running ones through a partial index on status.
DROP INDEX generations_running_heartbeat;
ALTER TABLE generations SET (fillfactor = 80);
