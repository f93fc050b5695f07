// API keys for OpenAI-compatible clients (issue 14: /api/team/api-keys). A server without them answers 404/405,
// and the section says so.

import {api, isUnavailable} from '../../api.js';
import {clearError, copyText, field, formatTime, h, showError, unavailable} from '../../dom.js';

export function apiKeysSection() {
  const content = h('div', null, h('p', {class: 'muted'}, 'Loading…'));
  const element = h('div', null, h('h1', null, 'API keys'), content);

  async function refresh() {
    let keys;
    try {
      keys = await api('/api/team/api-keys');
    } catch (error) {
      if (isUnavailable(error)) content.replaceChildren(unavailable('API keys'));
      else showError(`The API keys could not be loaded: ${error.message}`);
      return;
    }
    const agents = await api('/api/agents').catch(() => []);
    content.replaceChildren(createForm(agents), h('div', {class: 'table-wrap'}, table(keys, agents)));
  }

  function createForm(agents) {
    const name = h('input', {type: 'text', required: true, maxlength: 100});
    const days = h('input', {type: 'number', min: 1, placeholder: 'Never'});
    const choices = agents.map((agent) => h('label', {class: 'check'}, h('input', {type: 'checkbox', value: agent.id}), agent.name));
    const create = h('button', {type: 'submit', class: 'primary'}, 'Create key');
    const shown = h('div', {class: 'created', hidden: true});
    const form = h('form', {class: 'card', 'aria-label': 'New API key'},
      field('Name', name), field('Expires after days (optional)', days),
      choices.length ? h('fieldset', null, h('legend', null, 'Only these agents (none ticked: all)'), choices) : null,
      h('div', {class: 'form-buttons'}, create), shown);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearError();
      const request = {name: name.value.trim()};
      if (days.value) request.expires_in_days = Number(days.value);
      const picked = choices.map((choice) => choice.querySelector('input')).filter((box) => box.checked).map((box) => box.value);
      if (picked.length) request.agent_ids = picked;
      try {
        const created = await api('/api/team/api-keys', {method: 'POST', body: request});
        await refresh();
        const key = h('input', {type: 'text', readOnly: true, value: created.key, 'aria-label': 'New API key'});
        const copy = h('button', {type: 'button', onclick: () => copyText(created.key)}, 'Copy');
        content.prepend(h('div', {class: 'created'}, h('p', null, h('strong', null, 'Copy the key now:'), ' it is not shown again.'),
          h('div', {class: 'copy-row'}, key, copy)));
      } catch (error) {
        showError(`The key could not be created: ${error.message}`);
      }
    });
    return form;
  }

  function table(keys, agents) {
    const agentName = (id) => (agents.find((agent) => agent.id === id) || {name: id}).name;
    return h('table', {class: 'table'},
      h('thead', null, h('tr', null, ['Name', 'Key', 'Agents', 'Created', 'Last used', 'Expires', ''].map((text) => h('th', null, text)))),
      h('tbody', null, keys.map((key) => {
        const revoke = h('button', {type: 'button', class: 'danger'}, 'Revoke');
        revoke.addEventListener('click', async () => {
          if (!window.confirm(`Revoke the key “${key.name}”? Clients using it stop working at once.`)) return;
          try {
            await api(`/api/team/api-keys/${key.id}`, {method: 'DELETE'});
          } catch (error) {
            showError(`The key could not be revoked: ${error.message}`);
          }
          await refresh();
        });
        return h('tr', null,
          h('td', null, key.name),
          h('td', null, h('code', null, `${key.prefix || ''}…`)),
          h('td', null, key.agent_ids && key.agent_ids.length ? key.agent_ids.map(agentName).join(', ') : 'All'),
          h('td', null, formatTime(key.created_at)),
          h('td', null, key.last_used_at ? formatTime(key.last_used_at) : 'Never'),
          h('td', null, key.expires_at ? formatTime(key.expires_at) : 'Never'),
          h('td', null, revoke));
      })));
  }

  refresh();
  return {element};
}
