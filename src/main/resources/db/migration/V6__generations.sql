-- A generation is one answer being produced: it outlives the HTTP request that started it. The replica that runs it
-- (owner) writes its events in chunks about once a second; any replica can replay them, follow them, stop it, or,
-- when the owner's heartbeat stops, save what it had streamed as an interrupted answer.
CREATE TABLE generations (
    id                uuid PRIMARY KEY,
    chat_id           uuid        REFERENCES chats (id) ON DELETE CASCADE,
    team_id           uuid        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id           uuid        NOT NULL,
    agent_id          uuid        NOT NULL,
    owner             text        NOT NULL,
    status            text        NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'complete', 'stopped', 'interrupted', 'error')),
    last_seq          integer     NOT NULL DEFAULT 0,
    stop_requested_at timestamptz,
    heartbeat_at      timestamptz NOT NULL DEFAULT now(),
    created_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
-- one running generation per chat: a second send is refused (409) instead of racing the first
CREATE UNIQUE INDEX generations_one_running_per_chat ON generations (chat_id) WHERE status = 'running';
CREATE INDEX generations_running_heartbeat ON generations (heartbeat_at) WHERE status = 'running';
CREATE INDEX generations_finished ON generations (finished_at) WHERE status <> 'running';

-- The events of a generation, as sent (one JSON object per line, seq first_seq..last_seq in order). One writer per
-- generation assigns seq, so chunks never interleave or leave gaps.
CREATE TABLE generation_chunks (
    generation_id uuid    NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
    first_seq     integer NOT NULL,
    last_seq      integer NOT NULL,
    events        text    NOT NULL,
    PRIMARY KEY (generation_id, last_seq)
);

-- Earlier versions of an edited or regenerated turn, newest last; chats.messages stays the conversation as shown.
ALTER TABLE chats ADD COLUMN superseded jsonb NOT NULL DEFAULT '[]'::jsonb;
