-- Chat Gateway schema. Every tenant-owned row carries team_id; every API query filters by it.

CREATE TABLE teams (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name              text        NOT NULL,
    slug              text        NOT NULL UNIQUE,
    open_registration boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id       uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    email         text        NOT NULL,
    name          text,
    password_hash text        NOT NULL,
    role          text        NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
    is_active     boolean     NOT NULL DEFAULT true,
    -- bumped on logout and on role/activation changes: tokens carrying an older version are refused
    token_version integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_team_idx ON users (team_id, created_at);

CREATE TABLE team_invites (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id     uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    -- only the SHA-256 of the token is stored; the token itself is shown once to the admin
    token_hash  text        NOT NULL UNIQUE,
    role        text        NOT NULL DEFAULT 'user' CHECK (role IN ('admin', 'user')),
    email       text,
    created_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX team_invites_team_idx ON team_invites (team_id, created_at DESC);

-- Fixed one-minute windows of login attempts per client address, shared by every replica.
CREATE TABLE login_attempts (
    client_key   text        NOT NULL,
    window_start timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (client_key, window_start)
);
CREATE INDEX login_attempts_window_idx ON login_attempts (window_start);

CREATE TABLE agents (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id       uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    description   text,
    webhook_url   text        NOT NULL,
    webhook_token text,
    system_prompt text,
    config        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    is_active     boolean     NOT NULL DEFAULT true,
    avatar_url    text,
    created_by    uuid        REFERENCES users (id) ON DELETE SET NULL,
    -- soft delete: chats of a deleted agent stay readable
    deleted_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agents_team_idx ON agents (team_id, created_at DESC) WHERE deleted_at IS NULL;

-- Avatars live in the database so that every replica serves them.
CREATE TABLE agent_avatars (
    agent_id     uuid PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
    team_id      uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    content_type text        NOT NULL,
    content      bytea       NOT NULL,
    etag         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chats (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id       uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agent_id      uuid        NOT NULL REFERENCES agents (id),
    title         text        NOT NULL DEFAULT 'New chat',
    messages      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    -- kept by every append so that listing chats never reads the messages array
    message_count integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chats_owner_recent_idx ON chats (team_id, user_id, updated_at DESC, id DESC);
CREATE INDEX chats_owner_agent_idx ON chats (team_id, user_id, agent_id, updated_at DESC);
CREATE INDEX chats_agent_idx ON chats (agent_id);

CREATE TABLE error_logs (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id    uuid REFERENCES teams (id) ON DELETE CASCADE,
    user_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    agent_id   uuid REFERENCES agents (id) ON DELETE SET NULL,
    chat_id    uuid REFERENCES chats (id) ON DELETE SET NULL,
    code       text        NOT NULL,
    detail     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX error_logs_team_idx ON error_logs (team_id, created_at DESC);
