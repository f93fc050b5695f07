// The one way the page talks to the API: same-origin fetch (the SameSite=Strict session cookie goes along),
// JSON in and out, and the API's error body {"detail", "errors"?} turned into an ApiError.

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body || {};
  }
}

function describe(status, body) {
  const detail = body && typeof body.detail === 'string' ? body.detail : null;
  const fields = body && Array.isArray(body.errors)
    ? body.errors.map((error) => `${error.field}: ${error.message}`).join('; ') : '';
  if (detail && fields) return `${detail} (${fields})`;
  if (detail) return detail;
  if (status === 0) return 'The server could not be reached. Check your connection and try again.';
  return `The server answered ${status}.`;
}

/** Whether the endpoint itself is missing on this server (not deployed yet), as opposed to a failed request. */
export function isUnavailable(error) {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

let onSignedOut = () => {};

/** Called when the API says the session is gone (401 outside the sign-in calls). */
export function whenSignedOut(listener) {
  onSignedOut = listener;
}

export async function api(path, {method = 'GET', body, signal, headers = {}} = {}) {
  const init = {method, signal, credentials: 'same-origin', headers: {Accept: 'application/json', ...headers}};
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** The ApiError of a response that is not ok (reads its body). */
export async function errorOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  if (response.status === 401 && !response.url.includes('/api/auth/')) onSignedOut();
  return new ApiError(response.status, body);
}
