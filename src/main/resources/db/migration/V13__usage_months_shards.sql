-- The team's month in 16 rows (shards) instead of one: every generation's end adds to it (record_generation_usage),
-- and with one row all the ends of a team queued for its row lock, each holding it until its commit was flushed
-- (at 500 concurrent streams of one team, the pool's connections waited in that queue). A generation adds to the
-- shard its id picks; readers sum the month's shards (V12 quota_admitted, sql/quota/refusal.sql).
ALTER TABLE usage_months ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE usage_months DROP CONSTRAINT usage_months_pkey;
ALTER TABLE usage_months ADD PRIMARY KEY (team_id, month, shard);

-- record_generation_usage (V9) as PL/pgSQL, adding to a shard: a SQL function whose body modifies data is planned
-- again on every call, which was about half of the statement that ends a generation (sql/generation/finish.sql:
-- 0.35-0.47 of 0.8-0.9 ms in EXPLAIN ANALYZE); PL/pgSQL keeps its statements' plans for the session.
CREATE OR REPLACE FUNCTION record_generation_usage(g generations, p_chars_out bigint, p_tokens_in bigint,
                                                   p_tokens_out bigint, p_ttft_ms bigint,
                                                   p_duration_ms bigint) RETURNS generation_usage
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    recorded generation_usage;
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
    INSERT INTO usage_months AS m (team_id, month, shard, generations, tokens)
    VALUES (recorded.team_id, CAST(date_trunc('month', now() AT TIME ZONE 'UTC') AS date), hashtext(g.id::text) & 15, 1,
            recorded.tokens_in + recorded.tokens_out)
    ON CONFLICT (team_id, month, shard) DO UPDATE
        SET generations = m.generations + 1,
            tokens      = m.tokens + excluded.tokens;
    RETURN recorded;
END
$$;
