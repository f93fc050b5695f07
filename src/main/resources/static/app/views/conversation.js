// One conversation: its messages, the composer, and the answer rendered as sanitised Markdown while it streams.
// A new conversation (#/new/<agent id>) becomes a chat with its first message.

import {api, errorOf} from '../api.js';
import {clearError, copyText, h, showError} from '../dom.js';
import {renderMarkdown} from '../markdown.js';
import {readEvents} from '../sse.js';
import {sentenceFor} from '../stream-errors.js';
import * as generations from '../generations.js';
import {avatar} from './agent-picker.js';

const TITLE_LENGTH = 60;
// how long a reloaded page waits for an answer that is still being written, when the server cannot resume it
const WAIT_POLL_MS = 2000;
const WAIT_LIMIT_MS = 10 * 60 * 1000;
const RESUME_RETRIES = 6;
// how long the page keeps a finished answer on screen while the server has not saved it yet (see reloadWhenSaved)
const SAVE_POLL_MS = 100;
const SAVE_WAIT_MS = 15 * 1000;

export function conversationView({chatId, agent, agents, events}) {
  let chat = null;
  let live = null;        // the answer being streamed (see newRun)
  let waiting = null;     // timer of the wait for an answer this page cannot follow
  let destroyed = false;

  const title = h('h1', {class: 'conversation-title', tabindex: -1}, agent ? agent.name : 'Loading…');
  const agentLine = h('p', {class: 'conversation-agent muted'});
  const avatarSlot = h('span', {class: 'avatar-slot'});
  const messages = h('ol', {class: 'messages', 'aria-label': 'Messages'});
  const scroller = h('div', {class: 'scroller'}, messages);
  const statusLine = h('p', {class: 'stream-status', role: 'status'});
  const composer = h('textarea', {class: 'composer-input', rows: 1, 'aria-label': 'Message', 'data-testid': 'composer',
    placeholder: 'Write a message…', 'aria-describedby': 'composer-hint'});
  const sendButton = h('button', {type: 'submit', class: 'primary', 'data-testid': 'send'}, 'Send');
  const stopButton = h('button', {type: 'button', class: 'stop', 'data-testid': 'stop', hidden: true}, 'Stop');
  const form = h('form', {class: 'composer'},
    composer,
    h('div', {class: 'composer-buttons'}, stopButton, sendButton));
  const hint = h('p', {class: 'composer-hint muted', id: 'composer-hint'},
    'Enter sends, Shift+Enter starts a new line, Escape stops the answer.');
  const closed = h('p', {class: 'closed-notice', hidden: true},
    'The agent of this chat was deleted or switched off: the chat can be read but takes no new messages.');
  const element = h('div', {class: 'conversation'},
    h('header', {class: 'conversation-head'},
      h('a', {href: '#/', class: 'back-link', 'aria-label': 'Back to your chats'}, '‹'),
      avatarSlot,
      h('div', {class: 'conversation-heading'}, title, agentLine)),
    scroller, statusLine, closed, form, hint);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  composer.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && live) {
      event.preventDefault();
      stopAnswer();
    }
  });
  stopButton.addEventListener('click', stopAnswer);

  if (chatId) {
    load();
  } else {
    showAgent(agent);
    queueMicrotask(() => composer.focus());
  }

  // ---- loading and rendering

  async function load() {
    try {
      chat = await api(`/api/chats/${chatId}`);
    } catch (error) {
      if (destroyed) return;
      title.textContent = 'Chat not found';
      showError(error.status === 404 ? 'This chat does not exist (any more).' : `The chat could not be loaded: ${error.message}`);
      form.hidden = true;
      return;
    }
    if (destroyed) return;
    generations.noteChat(chat);
    render();
    composer.focus();
    scrollToEnd();
    await attachToRunning();
  }

  function agentOfChat() {
    return agents().find((candidate) => candidate.id === (chat ? chat.agent_id : agent && agent.id))
      || (chat ? {id: chat.agent_id, name: chat.agent_name || 'Agent'} : agent);
  }

  function showAgent(shown) {
    avatarSlot.replaceChildren(avatar(shown, 36));
    agentLine.textContent = shown ? shown.description || '' : '';
    if (!chat) title.textContent = shown ? `New chat with ${shown.name}` : 'New chat';
  }

  function render() {
    showAgent(agentOfChat());
    title.textContent = chat.title;
    const closedChat = chat.agent_deleted === true;
    closed.hidden = !closedChat;
    form.hidden = closedChat;
    hint.hidden = closedChat;
    const list = chat.messages || [];
    const lastAssistant = list.map((message) => message.role).lastIndexOf('assistant');
    messages.replaceChildren(...list.map((message, index) =>
      messageItem(message, index === lastAssistant && index === list.length - 1)));
  }

  function messageItem(message, isLastAnswer) {
    return message.role === 'user' ? userItem(message) : answerItem(message, isLastAnswer);
  }

  function userItem(message) {
    const body = h('div', {class: 'message-body', 'data-testid': 'message-user'}, message.content);
    const item = h('li', {class: 'message user', 'data-message-id': message.id || null},
      h('span', {class: 'visually-hidden'}, 'You wrote:'), body);
    if (message.id && generations.generationsAvailable() && !live) {
      const edit = h('button', {type: 'button', class: 'link-button', 'data-testid': 'edit'}, 'Edit');
      edit.addEventListener('click', () => startEdit(item, body, message));
      item.append(h('div', {class: 'message-actions'}, edit));
    }
    return item;
  }

  function answerItem(message, isLastAnswer) {
    const body = h('div', {class: 'message-body markdown', 'data-testid': 'message-assistant'});
    renderMarkdown(body, message.content);
    const item = h('li', {class: `message assistant status-${message.status || 'complete'}`, 'data-message-id': message.id || null},
      h('span', {class: 'visually-hidden'}, `${agentOfChat() ? agentOfChat().name : 'The agent'} answered:`), body,
      answerNote(message));
    const actions = h('div', {class: 'message-actions'}, copyButton(() => message.content));
    if (isLastAnswer && generations.generationsAvailable() && !live) {
      const again = h('button', {type: 'button', class: 'link-button', 'data-testid': 'regenerate'}, 'Regenerate');
      again.addEventListener('click', () => regenerate(item));
      actions.append(again);
    }
    item.append(actions);
    return item;
  }

  function answerNote(message) {
    const text = {
      interrupted: 'The answer was interrupted before it was complete.',
      stopped: 'Stopped.',
      error: `The answer failed${message.error ? `: ${message.error}` : '.'}`,
    }[message.status];
    return text ? h('p', {class: 'message-note'}, text) : null;
  }

  function copyButton(text) {
    const button = h('button', {type: 'button', class: 'link-button', 'data-testid': 'copy'}, 'Copy');
    button.addEventListener('click', async () => {
      try {
        await copyText(text());
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Copy failed';
      }
      setTimeout(() => { button.textContent = 'Copy'; }, 1500);
    });
    return button;
  }

  function nearEnd() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  function scrollToEnd() {
    scroller.scrollTop = scroller.scrollHeight;
  }

  /** The chat as the server has it now, or null (the error is shown). */
  async function readChat() {
    try {
      return await api(`/api/chats/${chat.id}`);
    } catch (error) {
      showError(`The chat could not be reloaded: ${error.message}`);
      return null;
    }
  }

  async function reload() {
    const fresh = await readChat();
    if (!fresh || destroyed) return;
    chat = fresh;
    showReloaded();
  }

  function showReloaded() {
    generations.noteChat(chat);
    const follow = nearEnd();
    render();
    if (follow) scrollToEnd();
  }

  /**
   * After an answer's last event: shows the conversation as saved. A stream attached with GET .../stream can get the
   * last event a moment before the answer is saved (the server hands it to those streams first); while the chat
   * still names that generation as running, the streamed answer stays on screen and the chat is read again. Should
   * the save take longer than SAVE_WAIT_MS, the page waits for it as it does after a lost connection.
   */
  async function reloadWhenSaved(run) {
    const giveUp = Date.now() + SAVE_WAIT_MS;
    for (let pause = SAVE_POLL_MS; ; pause = Math.min(1000, pause * 2)) {
      const fresh = await readChat();
      if (!fresh || destroyed) return;
      const running = generations.runningGeneration(fresh);
      const unsaved = running && run.generationId && running.id === run.generationId;
      if (!unsaved || Date.now() >= giveUp) {
        chat = fresh;
        showReloaded();
        if (unsaved) waitForSavedAnswer();
        return;
      }
      await delay(pause);
      if (destroyed) return;
    }
  }

  // ---- sending

  async function submit() {
    const text = composer.value;
    // sendButton is disabled from the send until the saved answer is shown
    if (!text.trim() || live || sendButton.disabled || destroyed) return;
    clearError();
    composer.value = '';
    if (!chat) {
      try {
        const created = await api('/api/chats', {method: 'POST', body: {agent_id: agent.id, title: titleOf(text)}});
        chat = {...created, agent_name: agent.name, messages: []};
      } catch (error) {
        composer.value = text;
        showError(`The chat could not be started: ${error.message}`);
        return;
      }
      events.created(chat);
      title.textContent = chat.title;
    }
    const sent = userItem({role: 'user', content: text});
    messages.append(sent);
    scrollToEnd();
    await send({content: text}, {text, sent});
  }

  /** POSTs a send (a message, a regenerate or an edit) and follows its answer. */
  async function send(body, {text, sent}) {
    const run = newRun();
    let response;
    try {
      response = await fetch(`/api/chats/${chat.id}/messages`, {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', Accept: 'text/event-stream'},
        body: JSON.stringify(body), signal: run.controller.signal});
    } catch (error) {
      endRun(run);
      run.item.remove();
      if (error.name !== 'AbortError') {
        showError('Your message could not be sent: the server could not be reached. Check your connection and try again.');
        giveBack(text, sent);
      }
      return;
    }
    if (!response.ok) {
      const error = await errorOf(response);
      endRun(run);
      run.item.remove();
      giveBack(text, sent);
      const running = generations.conflictingGeneration(error);
      if (running) {
        showError('The agent is still answering in this chat. Its answer is shown below; send your message when it is done.');
        await attachToRunning(running);
      } else {
        showError(refusal(error));
        if (!text) await reload();
      }
      return;
    }
    run.sentText = text;
    await follow(response, run);
  }

  function refusal(error) {
    switch (error.status) {
      case 404: return 'This chat does not exist any more.';
      case 413: return 'Your message is too long.';
      case 429: return 'Too many messages at once. Wait a moment and send again.';
      default: return `Your message was not accepted: ${error.message}`;
    }
  }

  /** A message that was not taken goes back into the composer (unless the person typed something new). */
  function giveBack(text, sent) {
    if (sent) sent.remove();
    if (text && !composer.value) composer.value = text;
  }

  function titleOf(text) {
    const line = text.trim().split('\n')[0].trim();
    return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line || 'New chat';
  }

  // ---- the answer while it streams

  function newRun(existing) {
    if (existing) {
      existing.controller = new AbortController();
      existing.outcome = null;
      live = existing;
      setBusy(true);
      return existing;
    }
    const body = h('div', {class: 'message-body markdown', 'data-testid': 'message-assistant', 'aria-busy': 'true'});
    const item = h('li', {class: 'message assistant streaming'},
      h('span', {class: 'visually-hidden'}, `${agentOfChat() ? agentOfChat().name : 'The agent'} is answering:`), body);
    messages.append(item);
    const run = {controller: new AbortController(), item, body, text: '', generationId: null, lastEventId: null,
      outcome: null, error: null, stopping: false, stopUnavailable: false, frame: 0, retries: 0, sentText: null};
    live = run;
    setBusy(true);
    scrollToEnd();
    return run;
  }

  /** While an answer streams, and until the saved conversation is shown again, the list is busy. */
  function setBusy(busy) {
    sendButton.disabled = busy;
    stopButton.hidden = !busy;
    stopButton.disabled = false;
    if (busy) {
      messages.setAttribute('aria-busy', 'true');
    } else {
      messages.removeAttribute('aria-busy');
      statusLine.textContent = '';
    }
  }

  function endRun(run) {
    if (live === run) live = null;
    cancelAnimationFrame(run.frame);
    run.frame = 0;
    if (!live) setBusy(false);
  }

  /** Re-renders the answer so far at most once a frame: every piece re-parses the whole Markdown. */
  function paint(run) {
    if (run.frame) return;
    run.frame = requestAnimationFrame(() => {
      run.frame = 0;
      const follow = nearEnd();
      renderMarkdown(run.body, run.text);
      if (follow) scrollToEnd();
    });
  }

  async function follow(response, run) {
    run.generationId = response.headers.get('X-Generation-Id') || run.generationId;
    generations.noteGeneration(run.generationId);
    try {
      for await (const event of readEvents(response.body)) {
        if (event.id) run.lastEventId = event.id;
        take(run, event);
      }
    } catch (error) {
      // AbortError: the page closed the stream (Stop, or it navigated away); else the network dropped it
    }
    if (destroyed) return;
    if (!run.outcome) run.outcome = run.controller.signal.aborted ? 'aborted' : 'dropped';
    await settle(run);
  }

  function take(run, event) {
    const data = event.data;
    switch (event.type) {
      case 'status':
        if (data.generation_id) run.generationId = data.generation_id;
        generations.noteGeneration(data.generation_id);
        if (!run.text) statusLine.textContent = data.description || 'The agent is thinking…';
        break;
      case 'sync':
        if (data.generation_id) run.generationId = data.generation_id;
        run.text = data.content || '';
        paint(run);
        break;
      case 'message':
        run.text += data.content || '';
        statusLine.textContent = 'The agent is answering…';
        paint(run);
        break;
      case 'done':
        run.outcome = data.reason === 'stopped' ? 'stopped' : 'complete';
        break;
      case 'error':
        run.outcome = 'error';
        run.error = data;
        break;
      default:
        // an event type this page does not know yet: ignored
    }
  }

  async function settle(run) {
    if (live === run) live = null;
    cancelAnimationFrame(run.frame);
    run.frame = 0;
    stopButton.hidden = true;
    renderMarkdown(run.body, run.text);
    run.body.removeAttribute('aria-busy');
    run.item.classList.remove('streaming');
    switch (run.outcome) {
      case 'complete':
      case 'stopped':
        await reloadWhenSaved(run);
        events.changed(chat.id);
        break;
      case 'error':
        showError(sentenceFor(run.error && run.error.code));
        if (run.error && run.error.code === 'message_not_saved') giveBack(run.sentText, null);
        await reloadWhenSaved(run);
        events.changed(chat.id);
        break;
      case 'aborted':
        run.item.append(h('p', {class: 'message-note'}, run.stopUnavailable
          ? 'Stopped here. This server may still finish the answer: the whole answer shows here after a reload.'
          : 'Stopped.'));
        events.changed(chat.id);
        break;
      default: // dropped
        await recover(run);
    }
    if (!live) setBusy(false);
  }

  /** The stream broke before its last event: follow the rest if the server can resume, else wait for the save. */
  async function recover(run) {
    if (generations.generationsAvailable() && run.retries < RESUME_RETRIES) {
      run.retries += 1;
      statusLine.textContent = 'The connection dropped. Reconnecting…';
      await delay(Math.min(8000, 500 * 2 ** (run.retries - 1)));
      if (destroyed) return;
      await attachToRunning(run.generationId, run);
      return;
    }
    run.item.remove();
    showError('The connection to the server was lost while the agent was answering. The answer is saved when it is complete and shows here then.');
    await reload();
    waitForSavedAnswer();
  }

  // ---- stop, resume, regenerate, edit (generations.js says whether the server has them)

  async function stopAnswer() {
    const run = live;
    if (!run || run.stopping) return;
    run.stopping = true;
    stopButton.disabled = true;
    statusLine.textContent = 'Stopping…';
    const outcome = await generations.stop(chat.id, run.generationId);
    if (outcome === 'stopping') {
      // the server ends the stream itself; if that does not happen soon, the page closes it
      setTimeout(() => { if (live === run) run.controller.abort(); }, 5000);
    } else {
      run.stopUnavailable = outcome === 'unavailable';
      run.controller.abort();
    }
  }

  /** After a load, a 409 or a dropped stream: show the generation that still runs in this chat, if any. */
  async function attachToRunning(generationId, existing) {
    if (destroyed || !chat) return;
    const running = generationId || (generations.runningGeneration(chat) || {}).id;
    // a server known to have the API names a running generation on the chat: nothing runs, nothing to ask
    if (!running && !existing && generations.generationsAvailable()) return;
    const controller = new AbortController();
    // only a stream this page still shows can go on after its last event; a fresh one starts with "sync"
    const last = existing ? existing.lastEventId : null;
    let result;
    try {
      result = await generations.resume(chat.id, last, controller.signal);
    } catch (error) {
      if (existing) await recover(existing);
      // a replica full of streams refused to attach: the answer is still being written, and shows when saved
      else if (generations.attachRefused(error)) waitForSavedAnswer();
      else showError(`The answer being written could not be followed: ${error.message}`);
      return;
    }
    if (destroyed) {
      if (result.response) controller.abort();
      return;
    }
    if (result.status === 'streaming') {
      const run = newRun(existing);
      run.controller = controller;
      await follow(result.response, run);
    } else if (result.status === 'none') {
      if (existing) {
        existing.item.remove();
        await reload();
      } else {
        render(); // the server has the generations API: regenerate and edit are offered now
      }
    } else {
      if (existing) existing.item.remove();
      waitForSavedAnswer();
    }
  }

  /** Without resume: when the last message is a recent question, poll until its answer has been saved. */
  function waitForSavedAnswer() {
    const list = chat.messages || [];
    const last = list[list.length - 1];
    if (!last || last.role !== 'user' || waiting) return;
    const asked = Date.parse(last.timestamp);
    if (Number.isNaN(asked) || Date.now() - asked > WAIT_LIMIT_MS) return;
    const pending = h('li', {class: 'message assistant pending'},
      h('p', {class: 'message-note'}, 'The agent is still answering. The answer shows here when it is complete.'));
    messages.append(pending);
    const count = list.length;
    const poll = async () => {
      waiting = null;
      if (destroyed) return;
      let fresh;
      try {
        fresh = await api(`/api/chats/${chat.id}`);
      } catch {
        fresh = null;
      }
      if (destroyed) return;
      if (fresh && (fresh.messages || []).length > count) {
        chat = fresh;
        render();
        scrollToEnd();
        events.changed(chat.id);
      } else if (Date.now() - asked < WAIT_LIMIT_MS) {
        waiting = setTimeout(poll, WAIT_POLL_MS);
      } else {
        pending.remove();
      }
    };
    waiting = setTimeout(poll, WAIT_POLL_MS);
  }

  async function regenerate(item) {
    if (live) return;
    clearError();
    item.remove();
    await send(generations.regenerateRequest(), {text: null, sent: null});
  }

  function startEdit(item, body, message) {
    const area = h('textarea', {class: 'edit-input', 'aria-label': 'Edit your message', value: message.content});
    const save = h('button', {type: 'button', class: 'primary'}, 'Save and send');
    const cancel = h('button', {type: 'button'}, 'Cancel');
    const editor = h('div', {class: 'message-editor'}, area, h('div', {class: 'editor-buttons'}, cancel, save));
    const actions = item.querySelector('.message-actions');
    body.replaceWith(editor);
    if (actions) actions.hidden = true;
    area.focus();
    const close = () => {
      editor.replaceWith(body);
      if (actions) actions.hidden = false;
    };
    cancel.addEventListener('click', close);
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close();
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) save.click();
    });
    save.addEventListener('click', async () => {
      const content = area.value;
      if (!content.trim() || live) return;
      clearError();
      body.textContent = content;
      close();
      // what followed the edited message leaves the conversation
      while (item.nextSibling) item.nextSibling.remove();
      await send(generations.editRequest(message.id, content), {text: null, sent: null});
    });
  }

  return {
    element,
    chatId: () => (chat ? chat.id : null),
    destroy() {
      destroyed = true;
      clearTimeout(waiting);
      if (live) live.controller.abort();
    },
  };
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
