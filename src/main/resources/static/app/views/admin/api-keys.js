// API keys for OpenAI-compatible clients (/v1, issue 14): list, create (the key is shown once), revoke. Against
// GET/POST /api/team/api-keys and DELETE /api/team/api-keys/{id}; a server without them answers 404/405, and the
// section says so.

import {api, isUnavailable} from '../../api.js';
import {clearError, copyText, field, formatTime, h, showError, unavailable} from '../../dom.js';

export function apiKeysSection() {
  const content = h('div', null, h('p', {class: 'muted'}, 'Loading…'));
  const element = h('div', {'data-testid': 'api-keys'},
    h('h1', null, 'API keys'),
    h('p', {class: 'muted'}, 'Keys let programs use the team’s agents through the OpenAI-compatible API: base URL ',
      h('code', null, `${location.origin}/v1`), ', the key as ', h('code', null, 'Authorization: Bearer …'),
      '. A key acts with a member’s rights for the admin who created it.'),
    content);
  let agents = [];
  let members = [];
  let form = null;
  const created = h('div', {class: 'created', hidden: true, 'data-testid': 'api-key-created', role: 'status'});
  const body = h('tbody');
  const empty = h('p', {class: 'muted', 'data-testid': 'api-keys-empty', hidden: true}, 'No API keys yet.');

  async function load() {
    let keys;
    try {
      [keys, agents, members] = await Promise.all([
        api('/api/team/api-keys'),
        api('/api/agents').catch(() => []),
        api('/api/team/members').catch(() => []),
      ]);
    } catch (error) {
      if (isUnavailable(error)) content.replaceChildren(unavailable('API keys'));
      else showError(`The API keys could not be loaded: ${error.message}`);
      return;
    }
    form = createForm();
    content.replaceChildren(form, created,
      h('div', {class: 'table-wrap'},
        h('table', {class: 'table'},
          h('thead', null, h('tr', null, ['Name', 'Key', 'Agents', 'Created', 'Last used', 'Expires', '']
            .map((text) => h('th', {scope: 'col'}, text)))),
          body)),
      empty);
    show(keys);
  }

  async function refresh() {
    try {
      show(await api('/api/team/api-keys'));
    } catch (error) {
      showError(`The API keys could not be loaded: ${error.message}`);
    }
  }

  function show(keys) {
    body.replaceChildren(...keys.map(row));
    empty.hidden = keys.length > 0;
  }

  function createForm() {
    const name = h('input', {type: 'text', required: true, maxlength: 100, 'data-testid': 'api-key-name',
      placeholder: 'e.g. Support bot'});
    const days = h('input', {type: 'number', min: 1, max: 3650, step: 1, 'data-testid': 'api-key-expires',
      placeholder: 'Never expires'});
    const allAgents = h('input', {type: 'radio', name: 'api-key-scope', value: 'all', checked: true, 'data-testid': 'api-key-all-agents'});
    const someAgents = h('input', {type: 'radio', name: 'api-key-scope', value: 'some', 'data-testid': 'api-key-some-agents'});
    const boxes = agents.map((agent) => h('input', {type: 'checkbox', value: agent.id, 'data-testid': 'api-key-agent',
      'data-agent-id': agent.id}));
    const choices = h('div', {class: 'agent-choices', hidden: true},
      boxes.map((box, index) => h('label', {class: 'check'}, box, agents[index].name)));
    const scope = () => { choices.hidden = !someAgents.checked; };
    allAgents.addEventListener('change', scope);
    someAgents.addEventListener('change', scope);
    const create = h('button', {type: 'submit', class: 'primary', 'data-testid': 'api-key-create'}, 'Create key');
    const newKey = h('form', {class: 'card', 'aria-label': 'New API key'},
      h('h2', null, 'New key'),
      h('div', {class: 'inline-form'}, field('Name', name), field('Expires after (days, optional)', days)),
      h('fieldset', null, h('legend', null, 'Agents it may use'),
        h('label', {class: 'check'}, allAgents, 'All agents of the team, also those added later'),
        agents.length ? h('label', {class: 'check'}, someAgents, 'Only these:') : null,
        choices),
      h('div', {class: 'form-buttons'}, create));
    newKey.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearError();
      const request = {name: name.value.trim()};
      if (days.value) request.expires_in_days = Number(days.value);
      if (someAgents.checked) {
        request.agent_ids = boxes.filter((box) => box.checked).map((box) => box.value);
        if (!request.agent_ids.length) {
          showError('Tick at least one agent, or let the key use all agents.');
          return;
        }
      }
      create.disabled = true;
      try {
        const key = await api('/api/team/api-keys', {method: 'POST', body: request});
        newKey.reset();
        allAgents.checked = true; // reset() goes back to the markup's state, where nothing is checked
        scope();
        showCreated(key);
        await refresh();
      } catch (error) {
        showError(`The key could not be created: ${error.message}`);
      } finally {
        create.disabled = false;
      }
    });
    return newKey;
  }

  /** The key itself, once: it is not stored anywhere the server or this page could show it again. */
  function showCreated(key) {
    const value = h('input', {type: 'text', readOnly: true, value: key.key, class: 'code', 'data-testid': 'api-key-value',
      'aria-label': `The new key “${key.name}”`, spellcheck: 'false'});
    const copy = h('button', {type: 'button', 'data-testid': 'api-key-copy'}, 'Copy key');
    const done = h('button', {type: 'button', class: 'primary', 'data-testid': 'api-key-done'}, 'I have copied it');
    copy.addEventListener('click', async () => {
      try {
        await copyText(key.key);
        copy.textContent = 'Copied';
      } catch {
        value.select();
        copy.textContent = 'Press Ctrl+C to copy';
      }
    });
    done.addEventListener('click', () => {
      created.replaceChildren();
      created.hidden = true;
      form.querySelector('input').focus();
    });
    created.replaceChildren(
      h('p', null, h('strong', null, `The key “${key.name}” was created. Copy it now: you will not see it again.`),
        ' Only a fingerprint of it is kept; a lost key cannot be shown, only revoked and replaced.'),
      h('div', {class: 'copy-row'}, value, copy),
      h('div', {class: 'form-buttons'}, done));
    created.hidden = false;
    value.focus();
    value.select();
  }

  function agentsOf(key) {
    if (!key.agent_ids) return 'All agents';
    return key.agent_ids.map((id) => (agents.find((agent) => agent.id === id) || {name: 'a deleted agent'}).name).join(', ');
  }

  function creatorOf(key) {
    const member = members.find((candidate) => candidate.id === key.created_by);
    return member ? member.name || member.email : null;
  }

  function expiry(key) {
    if (!key.expires_at) return 'Never';
    const expired = Date.parse(key.expires_at) <= Date.now();
    return expired ? h('span', {class: 'pill off'}, `Expired ${formatTime(key.expires_at)}`) : formatTime(key.expires_at);
  }

  function row(key) {
    const revoke = h('button', {type: 'button', class: 'danger', 'data-testid': 'api-key-revoke',
      'aria-label': `Revoke the key “${key.name}”`}, 'Revoke');
    revoke.addEventListener('click', async () => {
      if (!window.confirm(`Revoke the key “${key.name}” (${key.prefix}…)? Programs using it are refused at once. This cannot be undone.`)) return;
      clearError();
      revoke.disabled = true;
      try {
        await api(`/api/team/api-keys/${key.id}`, {method: 'DELETE'});
      } catch (error) {
        if (error.status !== 404) showError(`The key could not be revoked: ${error.message}`);
      }
      await refresh();
    });
    const creator = creatorOf(key);
    return h('tr', {'data-testid': 'api-key-row', 'data-api-key-id': key.id},
      h('td', null, h('strong', null, key.name)),
      h('td', null, h('code', {'data-testid': 'api-key-prefix'}, `${key.prefix}…`)),
      h('td', null, agentsOf(key)),
      h('td', null, formatTime(key.created_at), creator ? h('div', {class: 'muted small'}, `by ${creator}`) : null),
      h('td', null, key.last_used_at ? formatTime(key.last_used_at) : h('span', {class: 'muted'}, 'Never')),
      h('td', null, expiry(key)),
      h('td', null, revoke));
  }

  load();
  return {element};
}
