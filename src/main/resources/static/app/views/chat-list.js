// The member's chats, most recently active first, filtered by agent; rename and delete in place.

import {api} from '../api.js';
import {formatTime, h, icon, showError} from '../dom.js';

const PAGE = 50;

export function chatList({agentsOf, onDeleted}) {
  const filter = h('select', {class: 'agent-filter', 'aria-label': 'Show chats with', 'data-testid': 'agent-filter'},
    h('option', {value: ''}, 'All agents'));
  const items = h('ul', {class: 'chat-items', 'aria-label': 'Chats'});
  const more = h('button', {type: 'button', class: 'link-button more', hidden: true}, 'Show older chats');
  const empty = h('p', {class: 'muted empty', hidden: true}, 'No chats yet.');
  const element = h('aside', {class: 'sidebar', 'aria-label': 'Your chats'},
    h('div', {class: 'sidebar-head'},
      h('a', {href: '#/new', class: 'button primary', 'data-testid': 'new-chat'}, '+ New chat'),
      filter),
    items, empty, more);

  let chats = [];
  let selected = null;
  let loading = 0;

  filter.addEventListener('change', () => refresh());
  more.addEventListener('click', () => load(chats.length, true));

  async function load(offset, append) {
    const ticket = ++loading;
    const agent = filter.value ? `&agent_id=${encodeURIComponent(filter.value)}` : '';
    try {
      const page = await api(`/api/chats?limit=${PAGE}&offset=${offset}${agent}`);
      if (ticket !== loading) return;
      chats = append ? chats.concat(page) : page;
      more.hidden = page.length < PAGE;
      render();
    } catch (error) {
      if (ticket === loading) showError(`Your chats could not be loaded: ${error.message}`);
    }
  }

  function refresh() {
    return load(0, false);
  }

  function agentName(agentId) {
    const agent = agentsOf().find((candidate) => candidate.id === agentId);
    return agent ? agent.name : 'Agent not available';
  }

  function render() {
    empty.hidden = chats.length > 0;
    items.replaceChildren(...chats.map(item));
  }

  function item(chat) {
    const link = h('a', {href: `#/chats/${chat.id}`, class: 'chat-link', 'data-testid': 'chat-item', 'data-chat-id': chat.id,
      'aria-current': chat.id === selected ? 'page' : null},
      h('span', {class: 'chat-title'}, chat.title),
      h('span', {class: 'chat-meta'}, `${agentName(chat.agent_id)} · ${formatTime(chat.updated_at)}`));
    const rename = h('button', {type: 'button', class: 'icon-button', 'aria-label': `Rename “${chat.title}”`,
      title: 'Rename', 'data-testid': 'chat-rename'}, icon('edit'));
    const remove = h('button', {type: 'button', class: 'icon-button', 'aria-label': `Delete “${chat.title}”`,
      title: 'Delete', 'data-testid': 'chat-delete'}, icon('trash'));
    const row = h('li', {class: 'chat-row'}, link, h('span', {class: 'chat-actions'}, rename, remove));
    rename.addEventListener('click', () => startRename(row, chat));
    remove.addEventListener('click', () => deleteChat(chat));
    return row;
  }

  function startRename(row, chat) {
    const input = h('input', {type: 'text', class: 'rename-input', value: chat.title, maxlength: 200,
      'aria-label': 'New title', 'data-testid': 'chat-rename-input'});
    let done = false;
    const finish = async (save) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (save && title && title !== chat.title) {
        try {
          await api(`/api/chats/${chat.id}`, {method: 'PUT', body: {title}});
        } catch (error) {
          showError(`The chat could not be renamed: ${error.message}`);
        }
      }
      await refresh();
      const link = items.querySelector(`[data-chat-id="${chat.id}"]`);
      if (link) link.focus();
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); finish(true); }
      if (event.key === 'Escape') { event.preventDefault(); finish(false); }
    });
    input.addEventListener('blur', () => finish(true));
    row.replaceChildren(input);
    input.focus();
    input.select();
  }

  async function deleteChat(chat) {
    if (!window.confirm(`Delete the chat “${chat.title}” with all its messages? This cannot be undone.`)) return;
    try {
      await api(`/api/chats/${chat.id}`, {method: 'DELETE'});
    } catch (error) {
      showError(`The chat could not be deleted: ${error.message}`);
    }
    await refresh();
    onDeleted(chat.id);
  }

  return {
    element,
    refresh,
    setAgents(agents) {
      const chosen = filter.value;
      filter.replaceChildren(h('option', {value: ''}, 'All agents'),
        ...agents.map((agent) => h('option', {value: agent.id, selected: agent.id === chosen}, agent.name)));
      render();
    },
    select(chatId) {
      selected = chatId;
      for (const link of items.querySelectorAll('.chat-link')) {
        if (link.dataset.chatId === chatId) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },
  };
}
