// Agents: create, edit, delete, avatar upload, the write-only webhook token, and a test call that shows what n8n
// answered (POST /api/agents/{id}/test-call; a server without it says so). Each row shows the agent's slug, read-only:
// the model id of the OpenAI-compatible API.

import {api, isUnavailable} from '../../api.js';
import {clearError, copyText, field, h, showError} from '../../dom.js';
import {renderMarkdown} from '../../markdown.js';
import {sentenceFor} from '../../stream-errors.js';
import {avatar} from '../agent-picker.js';

export function agentsSection() {
  const list = h('ul', {class: 'admin-list', 'data-testid': 'admin-agents'});
  const formSlot = h('div');
  const create = h('button', {type: 'button', class: 'primary', 'data-testid': 'agent-new'}, 'New agent');
  const element = h('div', null,
    h('div', {class: 'section-head'}, h('h1', null, 'Agents'), create),
    h('p', {class: 'muted'}, 'Each agent is an n8n workflow reached through its webhook. Members see active agents.'),
    formSlot, list);

  create.addEventListener('click', () => edit(null));

  async function refresh() {
    try {
      const agents = await api('/api/agents');
      list.replaceChildren(...agents.map(row));
      if (agents.length === 0) list.append(h('li', {class: 'muted'}, 'No agents yet.'));
    } catch (error) {
      showError(`The agents could not be loaded: ${error.message}`);
    }
  }

  function row(agent) {
    const editButton = h('button', {type: 'button', 'data-testid': 'agent-edit'}, 'Edit');
    const remove = h('button', {type: 'button', class: 'danger', 'data-testid': 'agent-delete'}, 'Delete');
    editButton.addEventListener('click', () => edit(agent));
    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete the agent “${agent.name}”? Its chats stay readable but take no new messages.`)) return;
      try {
        await api(`/api/agents/${agent.id}`, {method: 'DELETE'});
        await refresh();
      } catch (error) {
        showError(`The agent could not be deleted: ${error.message}`);
      }
    });
    return h('li', {class: 'admin-row', 'data-agent-id': agent.id},
      avatar(agent, 36),
      h('div', {class: 'row-text'},
        h('strong', null, agent.name, agent.is_active ? '' : ' (inactive)'),
        agent.slug ? slugLine(agent.slug) : null,
        h('span', {class: 'muted small'}, agent.webhook_url || ''),
        h('span', {class: 'muted small'}, agent.has_webhook_token ? 'Webhook token saved' : 'No webhook token')),
      h('div', {class: 'row-actions'}, editButton, remove));
  }

  /** The slug, read-only, with a copy button: what OpenAI clients pass as {@code model}. */
  function slugLine(slug) {
    const value = h('code', {'data-testid': 'agent-slug'}, slug);
    const copy = h('button', {type: 'button', class: 'link-button', 'data-testid': 'agent-slug-copy',
      'aria-label': `Copy the model id ${slug}`}, 'Copy');
    copy.addEventListener('click', async () => {
      try {
        await copyText(slug);
        copy.textContent = 'Copied';
      } catch {
        window.getSelection().selectAllChildren(value);
        copy.textContent = 'Press Ctrl+C to copy';
      }
    });
    return h('span', {class: 'muted small', title: 'The model id for the OpenAI-compatible API (/v1)'},
      'Model id: ', value, ' ', copy);
  }

  function edit(agent) {
    clearError();
    const form = agentForm(agent, {
      saved: async () => {
        formSlot.replaceChildren();
        await refresh();
      },
      cancelled: () => formSlot.replaceChildren(),
    });
    formSlot.replaceChildren(form);
    form.querySelector('input').focus();
  }

  refresh();
  return {element};
}

function agentForm(agent, {saved, cancelled}) {
  const name = h('input', {type: 'text', required: true, maxlength: 100, value: agent ? agent.name : '', 'data-testid': 'agent-name'});
  const description = h('textarea', {rows: 2, value: agent && agent.description ? agent.description : '', 'data-testid': 'agent-description'});
  const webhookUrl = h('input', {type: 'url', required: true, value: agent ? agent.webhook_url || '' : '',
    placeholder: 'https://n8n.example.com/webhook/…', 'data-testid': 'agent-webhook-url'});
  // write-only: the API never returns the token, only whether there is one
  const token = h('input', {type: 'password', autocomplete: 'new-password', 'data-testid': 'agent-webhook-token',
    placeholder: agent && agent.has_webhook_token ? 'Saved — type to replace it' : 'None'});
  const clearToken = h('input', {type: 'checkbox', 'data-testid': 'agent-clear-token'});
  const n8nApiUrl = h('input', {type: 'url', value: agent && agent.n8n_api_url ? agent.n8n_api_url : '',
    placeholder: 'https://n8n.example.com/api/v1', 'data-testid': 'agent-n8n-api-url'});
  const n8nApiKey = h('input', {type: 'password', autocomplete: 'new-password', 'data-testid': 'agent-n8n-api-key',
    placeholder: agent && agent.has_n8n_api_key ? 'Saved — type to replace it' : 'None'});
  const clearN8nApiKey = h('input', {type: 'checkbox', 'data-testid': 'agent-clear-n8n-api-key'});
  const systemPrompt = h('textarea', {rows: 3, value: agent && agent.system_prompt ? agent.system_prompt : '', 'data-testid': 'agent-system-prompt'});
  const config = h('textarea', {rows: 4, class: 'code', spellcheck: 'false', 'data-testid': 'agent-config',
    value: agent && agent.config && Object.keys(agent.config).length ? JSON.stringify(agent.config, null, 2) : ''});
  const active = h('input', {type: 'checkbox', checked: agent ? agent.is_active : true, 'data-testid': 'agent-active'});
  const avatarFile = h('input', {type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', 'data-testid': 'agent-avatar'});
  const save = h('button', {type: 'submit', class: 'primary', 'data-testid': 'agent-save'}, agent ? 'Save changes' : 'Create agent');
  const cancel = h('button', {type: 'button'}, 'Cancel');
  const testMessage = h('input', {type: 'text', maxlength: 4000, 'data-testid': 'agent-test-message',
    placeholder: 'Hello! This is a test call from the Chat Gateway console.'});
  const testResult = h('div', {class: 'test-result', hidden: true, role: 'status', 'data-testid': 'agent-test-result'});
  const testButton = agent ? h('button', {type: 'button', 'data-testid': 'agent-test'}, 'Test call') : null;
  const testPanel = agent ? h('div', {class: 'test-call'},
    h('h3', null, 'Test call'),
    h('p', {class: 'muted small'}, 'Sends one message to the saved webhook, as a chat’s first message would, and shows what n8n answered. Nothing is saved in any chat. Save your changes first to test them.'),
    h('div', {class: 'copy-row'}, testMessage, testButton),
    testResult) : null;

  const form = h('form', {class: 'card agent-form', 'aria-label': agent ? `Edit ${agent.name}` : 'New agent'},
    h('h2', null, agent ? `Edit “${agent.name}”` : 'New agent'),
    field('Name', name),
    field('Description', description, 'Shown to members when they pick an agent.'),
    field('Webhook URL', webhookUrl, 'The n8n Webhook node’s production URL.'),
    field('Webhook token', token, 'Sent to n8n as “Authorization: Bearer …”. Never shown again once saved.'),
    agent && agent.has_webhook_token ? h('label', {class: 'check'}, clearToken, 'Remove the saved token') : null,
    field('n8n API URL', n8nApiUrl, 'Optional, with a key: a stop then also stops the workflow’s execution in n8n (n8n 2.x).'),
    field('n8n API key', n8nApiKey, 'Scopes execution:list, execution:read and execution:stop. Never shown again once saved.'),
    agent && agent.has_n8n_api_key ? h('label', {class: 'check'}, clearN8nApiKey, 'Remove the saved API key') : null,
    field('System prompt', systemPrompt),
    field('Config (JSON object)', config, 'Passed to n8n as “config”; “relay” holds the gateway’s timeouts for this agent.'),
    h('label', {class: 'check'}, active, 'Active (members can chat with it)'),
    field('Avatar', avatarFile, 'PNG, JPEG, WebP or GIF, at most 2 MiB.'),
    h('div', {class: 'form-buttons'}, cancel, save),
    testPanel);

  cancel.addEventListener('click', cancelled);

  if (testButton) {
    const runTest = async () => {
      testResult.hidden = false;
      testResult.replaceChildren(h('p', {class: 'muted'}, 'Calling the agent…'));
      testButton.disabled = true;
      const body = testMessage.value.trim() ? {message: testMessage.value} : {};
      try {
        testResult.replaceChildren(...testCallOutcome(await api(`/api/agents/${agent.id}/test-call`, {method: 'POST', body})));
      } catch (error) {
        // a 404 of the agent itself names it; one of the path means the server has no test calls
        const gone = error.status === 404 && error.body.detail === 'Agent not found';
        testResult.replaceChildren(h('p', null, gone ? 'This agent no longer exists.'
          : isUnavailable(error) ? 'Test calls are not available on this server.' : `The test call failed: ${error.message}`));
      } finally {
        testButton.disabled = false;
      }
    };
    testButton.addEventListener('click', runTest);
    // Enter in the message field tests (it would otherwise submit the agent form)
    testMessage.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        runTest();
      }
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    let parsedConfig;
    if (config.value.trim()) {
      try {
        parsedConfig = JSON.parse(config.value);
      } catch {
        showError('Config is not valid JSON.');
        config.focus();
        return;
      }
      if (parsedConfig === null || typeof parsedConfig !== 'object' || Array.isArray(parsedConfig)) {
        showError('Config must be a JSON object, like {"model": "gpt-4o"}.');
        config.focus();
        return;
      }
    }
    const body = {
      name: name.value.trim(),
      description: description.value.trim() || null,
      webhook_url: webhookUrl.value.trim(),
      system_prompt: systemPrompt.value.trim() || null,
      config: parsedConfig || {},
      is_active: active.checked,
    };
    if (token.value) body.webhook_token = token.value;
    else if (clearToken.checked) body.webhook_token = null;
    if (n8nApiUrl.value.trim()) body.n8n_api_url = n8nApiUrl.value.trim();
    else if (agent && agent.n8n_api_url) body.n8n_api_url = null;
    if (n8nApiKey.value) body.n8n_api_key = n8nApiKey.value;
    else if (clearN8nApiKey.checked) body.n8n_api_key = null;
    if (!agent) {
      for (const key of ['description', 'system_prompt']) if (body[key] === null) delete body[key];
    }
    save.disabled = true;
    try {
      const result = await api(agent ? `/api/agents/${agent.id}` : '/api/agents', {method: agent ? 'PUT' : 'POST', body});
      if (avatarFile.files.length) {
        const upload = new FormData();
        upload.append('file', avatarFile.files[0]);
        try {
          await api(`/api/agents/${result.id}/avatar`, {method: 'POST', body: upload});
        } catch (error) {
          showError(`The agent was saved, but its avatar was not: ${error.message}`);
        }
      }
      await saved(result);
    } catch (error) {
      showError(`The agent could not be saved: ${error.message}`);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

/** What a test call found, as elements: n8n's status, the answer as the chat shows it, the error, n8n's body. */
function testCallOutcome(result) {
  const reached = result.status !== null && result.status !== undefined;
  const summary = reached
    ? `n8n answered HTTP ${result.status}${result.content_type ? ` (${result.content_type})` : ''} in ${result.duration_ms} ms.`
    : `n8n was not reached (${result.duration_ms} ms).`;
  const parts = [h('p', {class: `test-summary ${result.error ? 'failed' : 'ok'}`, 'data-testid': 'agent-test-summary'}, summary)];
  if (result.answer) {
    const answer = h('div', {class: 'message-body markdown', 'data-testid': 'agent-test-answer'});
    renderMarkdown(answer, result.answer);
    parts.push(h('p', {class: 'field-label'}, 'The chat would show:'), answer);
  }
  if (result.error) {
    parts.push(h('div', {class: 'test-error', 'data-testid': 'agent-test-error'},
      h('p', null, h('strong', null, result.error_code ? sentenceFor(result.error_code) : 'The chat would show an error.')),
      h('p', {class: 'muted small'}, result.error)));
  }
  if (reached) {
    parts.push(h('details', {class: 'test-body'},
      h('summary', null, result.body ? 'What n8n sent (the first 4 KiB)' : 'n8n sent no body'),
      h('pre', {'data-testid': 'agent-test-body'}, result.body || '')));
  }
  return parts;
}
