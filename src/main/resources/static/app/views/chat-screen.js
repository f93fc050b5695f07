// The member's screen: the chat list beside the conversation (or the agent picker when no chat is open).
// On a narrow screen only one of the two shows: the list at #/, the conversation once one is open.

import {api} from '../api.js';
import {h, showError} from '../dom.js';
import {agentPicker} from './agent-picker.js';
import {chatList} from './chat-list.js';
import {conversationView} from './conversation.js';

export function chatScreen() {
  const pane = h('section', {class: 'pane', 'aria-label': 'Conversation'});
  let agents = [];
  let current = null;
  let shownRoute = null;
  const list = chatList({agentsOf: () => agents, onDeleted: (id) => {
    if (current && current.chatId() === id) location.hash = '#/';
  }});
  const element = h('div', {class: 'chat-screen'}, list.element, pane);

  const agentsLoaded = loadAgents();

  async function loadAgents() {
    try {
      agents = await api('/api/agents');
      list.setAgents(agents);
    } catch (error) {
      showError(`The agents could not be loaded: ${error.message}`);
    }
  }

  function open(view) {
    if (current) current.destroy();
    current = view;
    pane.replaceChildren(view.element);
  }

  async function show(parts) {
    const key = parts.join('/');
    if (key === shownRoute) return;
    shownRoute = key;
    const chatOpen = parts[0] === 'chats' && parts[1];
    element.classList.toggle('has-open-chat', Boolean(chatOpen || parts[0] === 'new'));
    list.select(chatOpen ? parts[1] : null);
    if (chatOpen) {
      open(conversationView({chatId: parts[1], agents: () => agents, events: conversationEvents}));
      return;
    }
    await agentsLoaded;
    const agent = parts[0] === 'new' && parts[1] ? agents.find((candidate) => candidate.id === parts[1]) : null;
    if (agent) {
      open(conversationView({agent, agents: () => agents, events: conversationEvents}));
    } else {
      open(agentPicker({agents, onPick: (picked) => { location.hash = `#/new/${picked.id}`; }}));
    }
  }

  const conversationEvents = {
    // a first message turned the new conversation into a chat: the address names it from now on
    created(chat) {
      shownRoute = `chats/${chat.id}`;
      history.replaceState(null, '', `#/chats/${chat.id}`);
      list.refresh(chat.id);
    },
    changed(chatId) {
      list.refresh(chatId);
    },
  };

  list.refresh();

  return {
    element,
    show,
    destroy() {
      if (current) current.destroy();
    },
  };
}
