SELECT pg_notify('generation_stop', :generation_id)
