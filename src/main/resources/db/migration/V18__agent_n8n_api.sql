-- An agent may name its n8n's public API (base URL, e.g. http://n8n:5678/api/v1, and an API key with the scopes
-- execution:list, execution:read and execution:stop): a stopped generation then also stops its n8n execution, so
-- that the workflow (and the model it calls) stops spending, not just the relay. Both null: the relay alone stops.
ALTER TABLE agents
    ADD COLUMN n8n_api_url text,
    ADD COLUMN n8n_api_key text;
