-- A generation's end adds to a shard of its team's month that no other end holds, instead of the shard its id picks
-- (V13): with 16 shards picked at random, the ends of one team's concurrent generations still met on a shard and
-- waited for each other's row lock until the holder's commit was flushed. At 500 concurrent streams of one team
-- (bench B2) the statement that ends a generation then took 3.2-5.6 ms (0.5-0.6 without the month's row). Now an end
-- takes the lowest shard number whose transaction-scoped advisory lock is free (held in memory until its commit: no
-- row is waited for, and none is locked twice), and adds that row if it is not there yet; a month has about as many
-- rows as its team ever had ends committing at once. Readers still sum the month's rows (V12 quota_admitted,
-- sql/quota/refusal.sql). bench/results/2026-12-02-database-per-send.md has the measurements.
CREATE OR REPLACE FUNCTION record_generation_usage(g generations, p_chars_out bigint, p_tokens_in bigint,
                                                   p_tokens_out bigint, p_ttft_ms bigint,
                                                   p_duration_ms bigint) RETURNS generation_usage
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    recorded generation_usage;
    this_month date := CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date);
    free_shard integer := 0;
BEGIN
    INSERT INTO generation_usage (generation_id, team_id, user_id, api_key_id, agent_id, source, chars_in, chars_out,
                                  tokens_in, tokens_out, tokens_estimated, ttft_ms, duration_ms, status, created_at)
    VALUES (g.id, g.team_id, g.user_id, g.api_key_id, g.agent_id,
            CASE WHEN g.chat_id IS NULL THEN 'openai' ELSE 'chat' END,
            COALESCE(g.chars_in, 0), p_chars_out,
            COALESCE(p_tokens_in, ceil(COALESCE(g.chars_in, 0) / 4.0)),
            COALESCE(p_tokens_out, ceil(p_chars_out / 4.0)),
            p_tokens_in IS NULL OR p_tokens_out IS NULL,
            p_ttft_ms, COALESCE(p_duration_ms, floor(extract(EPOCH FROM g.finished_at - g.created_at) * 1000)),
            g.status, g.created_at)
    RETURNING * INTO recorded;
    -- the first shard no other end of this team's month holds; the advisory lock (memory only, until the commit)
    -- says which are held, so the shard's row is never waited for
    WHILE NOT pg_try_advisory_xact_lock(hashtext('usage_months ' || recorded.team_id || ' ' || this_month), free_shard) LOOP
        free_shard := free_shard + 1;
    END LOOP;
    INSERT INTO usage_months AS m (team_id, month, shard, generations, tokens)
    VALUES (recorded.team_id, this_month, free_shard, 1, recorded.tokens_in + recorded.tokens_out)
    ON CONFLICT (team_id, month, shard) DO UPDATE
        SET generations = m.generations + 1,
            tokens      = m.tokens + excluded.tokens;
    RETURN recorded;
END
$$;
