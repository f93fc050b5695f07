// The generations API (stop, resume, regenerate, edit: issue 13) as the page uses it. A server without it answers
// 404 or 405 to these endpoints: then stop only closes the page's own connection, nothing resumes, and regenerate
// and edit are not offered. Everything the page knows about that API is in this module.

import {api, ApiError, errorOf, isUnavailable} from './api.js';

// null: not known yet; true: the server has the API; false: it answered 404/405
let available = null;

export function generationsAvailable() {
  return available === true;
}

/** A chat as GET /api/chats/{id} returns it: a server with the API may show a running generation on it. */
export function noteChat(chat) {
  if (chat && chat.generation) available = true;
}

/** A send named its generation (X-Generation-Id, or generation_id in its status event): the server has the API. */
export function noteGeneration(generationId) {
  if (generationId) available = true;
}

/** The generation the chat shows while one runs (or is being stopped): {id, status}, else null. */
export function runningGeneration(chat) {
  return chat && chat.generation ? chat.generation : null;
}

/**
 * Asks the server to stop the chat's running generation. 'stopping': it will end the stream itself with
 * {"type": "done", "data": {"reason": "stopped"}}; 'unavailable' or 'failed': the caller closes the stream.
 */
export async function stop(chatId, generationId) {
  if (available === false) return 'unavailable';
  try {
    await api(`/api/chats/${chatId}/stop`, {method: 'POST', body: generationId ? {generation_id: generationId} : {}});
    available = true;
    return 'stopping';
  } catch (error) {
    if (isUnavailable(error) && available !== true) {
      available = false;
      return 'unavailable';
    }
    return 'failed';
  }
}

/**
 * Attaches to the chat's running generation: {status: 'streaming', response} (an SSE response to read),
 * 'none' (nothing runs), or 'unavailable' (the server has no resume). With lastEventId the server sends only
 * what followed it; without, a "sync" event with the text so far.
 */
export async function resume(chatId, lastEventId, signal) {
  if (available === false) return {status: 'unavailable'};
  const headers = {Accept: 'text/event-stream'};
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const response = await fetch(`/api/chats/${chatId}/stream`, {headers, signal, credentials: 'same-origin'});
  if (response.status === 204) {
    available = true;
    return {status: 'none'};
  }
  if (response.ok && (response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    available = true;
    return {status: 'streaming', response};
  }
  const error = response.ok ? new ApiError(response.status, null) : await errorOf(response);
  if (isUnavailable(error)) {
    if (available !== true) available = false;
    return {status: available ? 'none' : 'unavailable'};
  }
  throw error;
}

/** An attach the replica refused because it holds as many streams as it may (503): the answer goes on regardless. */
export function attachRefused(error) {
  return error instanceof ApiError && error.status === 503;
}

/** The body of a send that answers the last user message again. */
export function regenerateRequest() {
  return {regenerate: true};
}

/** The body of a send that replaces a user message (and drops what followed it). */
export function editRequest(messageId, content) {
  return {edit_message_id: messageId, content};
}

/** A send refused because a generation already runs in the chat: the id to attach to, else null. */
export function conflictingGeneration(error) {
  return error instanceof ApiError && error.status === 409 && error.body.generation_id ? error.body.generation_id : null;
}
