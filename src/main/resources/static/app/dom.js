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

const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  edit: 'M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13M10 11v6M14 11v6',
};

/** A line icon (decorative: the button carries the name). */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [key, value] of Object.entries({viewBox: '0 0 24 24', width: 18, height: 18, fill: 'none', stroke: 'currentColor',
    'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false'})) {
    svg.setAttribute(key, String(value));
  }
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
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
