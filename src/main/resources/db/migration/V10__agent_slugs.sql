-- Agents get a slug: the model id of the OpenAI-compatible API (/v1/models), readable and stable. It is made from
-- the name when the agent is created (lower case, runs of anything but a-z and 0-9 become one "-", at most 60
-- characters, "agent" when nothing is left) and kept when the agent is renamed. Unique per team among agents that
-- are not deleted: a name whose slug is taken gets the first free numeric suffix ("support-2", "support-3", ...).
-- A trigger gives every new agent its slug, so no insert has to know the rule.

CREATE FUNCTION agent_slug_base(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT AS
$$
SELECT COALESCE(NULLIF(btrim(left(btrim(regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g'), '-'), 60), '-'), ''),
                'agent')
$$;

-- The first slug of the base that no live agent of the team has: base, base-2, base-3, ...
CREATE FUNCTION agent_free_slug(team uuid, base text) RETURNS text
    LANGUAGE plpgsql STABLE STRICT AS
$$
DECLARE
    candidate text := base;
    n         integer := 1;
BEGIN
    WHILE EXISTS (SELECT 1 FROM agents WHERE team_id = team AND deleted_at IS NULL AND slug = candidate) LOOP
        n := n + 1;
        candidate := base || '-' || n;
    END LOOP;
    RETURN candidate;
END
$$;

ALTER TABLE agents ADD COLUMN slug text;

-- existing agents, oldest first, so the first agent of a name keeps the plain slug; deleted agents keep the base
DO
$$
DECLARE
    agent record;
BEGIN
    FOR agent IN SELECT id, team_id, name, deleted_at IS NULL AS live FROM agents ORDER BY created_at, id LOOP
        UPDATE agents
        SET slug = CASE WHEN agent.live THEN agent_free_slug(agent.team_id, agent_slug_base(agent.name))
                        ELSE agent_slug_base(agent.name) END
        WHERE id = agent.id;
    END LOOP;
END
$$;

ALTER TABLE agents ALTER COLUMN slug SET NOT NULL;
CREATE UNIQUE INDEX agents_team_slug_key ON agents (team_id, slug) WHERE deleted_at IS NULL;

-- every new agent gets its slug here, whoever inserts it (the agents API, the demo agent, a script); renames keep it
CREATE FUNCTION agents_set_slug() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.slug IS NULL THEN
        NEW.slug := agent_free_slug(NEW.team_id, agent_slug_base(NEW.name));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER agents_slug BEFORE INSERT ON agents FOR EACH ROW EXECUTE FUNCTION agents_set_slug();
