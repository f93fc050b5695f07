// Building the page without innerHTML: every text goes in as a text node. Only markdown.js writes HTML, and only
// what DOMPurify returned.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'readOnly', 'required']);

/** h('button', {class: 'x', 'data-testid': 'send', onclick: fn}, 'Send') */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** A labelled form field: the label wraps the control, so a click on the text focuses it. */
export function field(label, control, hint) {
  return h('label', {class: 'field'}, h('span', {class: 'field-label'}, label), control,
    hint ? h('span', {class: 'field-hint'}, hint) : null);
}

const banner = () => document.getElementById('banner');

/** The page's one error banner (data-testid="error-banner"). */
export function showError(text) {
  const element = banner();
  document.getElementById('banner-text').textContent = text;
  element.hidden = false;
}

export function clearError() {
  banner().hidden = true;
  document.getElementById('banner-text').textContent = '';
}

export function formatTime(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})
    : date.toLocaleDateString([], {year: 'numeric', month: 'short', day: 'numeric'});
}

/** Copies text; falls back to a selected textarea where the Clipboard API is not offered (plain http). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h('textarea', {class: 'offscreen', readOnly: true}, text);
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

/** A section that says a feature's endpoint is not on this server (it answered 404 or 405). */
export function unavailable(what) {
  return h('p', {class: 'unavailable', 'data-testid': 'unavailable'}, `${what} ${what.endsWith('s') ? 'are' : 'is'} not available on this server.`);
}
