// Answers are untrusted: Markdown is turned into HTML by marked, and only what DOMPurify keeps of it reaches the
// page, always into an element of its own. The Content-Security-Policy (no inline script or style) is the second
// line: even markup that got through could not run.
import {Marked} from '/webjars/marked/lib/marked.esm.js';
import DOMPurify from '/webjars/dompurify/dist/purify.es.mjs';

const markdown = new Marked({gfm: true, breaks: true, async: false});

// links leave the page in a new tab that cannot reach back into it; DOMPurify has already dropped javascript: URLs
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const POLICY = {
  USE_PROFILES: {html: true},
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option'],
  FORBID_ATTR: ['style', 'id', 'name'],
};

export function toSafeHtml(text) {
  return DOMPurify.sanitize(markdown.parse(text || ''), POLICY);
}

/** Renders the Markdown into the element, replacing what it showed. */
export function renderMarkdown(element, text) {
  element.innerHTML = toSafeHtml(text);
}
