-- Team API keys for the OpenAI-compatible /v1 API (issue 14). A key is cgw_<key_id>_<secret>: only the public
-- key_id and the SHA-256 of the whole key are stored, the key itself is shown once. A key acts as its creator with
-- the role user, limited to agent_ids when that is not null. Revoked keys stay (usage rows may name them).
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id       uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    key_id        text        NOT NULL UNIQUE,
    secret_sha256 bytea       NOT NULL CHECK (octet_length(secret_sha256) = 32),
    name          text        NOT NULL,
    agent_ids     uuid[],
    created_by    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);
-- the admin's list (key_id's UNIQUE index serves the lookup of every /v1 request)
CREATE INDEX api_keys_team_idx ON api_keys (team_id, created_at DESC) WHERE revoked_at IS NULL;
