// Team settings: the name, whether people may join by the team's slug without an invite, and the team's quotas
// (GET/PUT /api/team "quotas"; the environment's defaults, "quota_defaults", are the placeholders). A server
// without quotas shows no quota form.

import {api} from '../../api.js';
import {clearError, field, h, showError} from '../../dom.js';

export function teamSection() {
  const name = h('input', {type: 'text', required: true, maxlength: 100, 'data-testid': 'team-name'});
  const open = h('input', {type: 'checkbox', 'data-testid': 'team-open-registration'});
  const slug = h('code');
  const save = h('button', {type: 'submit', class: 'primary', 'data-testid': 'team-save'}, 'Save');
  const saved = h('span', {class: 'muted', role: 'status'});
  const form = h('form', {class: 'card', 'aria-label': 'Team settings'},
    field('Team name', name),
    h('label', {class: 'check'}, open, 'Open registration: anyone who knows the team’s slug may join as a member'),
    h('p', {class: 'muted small'}, 'Slug: ', slug),
    h('div', {class: 'form-buttons'}, saved, save));
  const limits = quotaForm();
  const element = h('div', null, h('h1', null, 'Team settings'), form, limits.element);

  function show(team) {
    name.value = team.name;
    open.checked = Boolean(team.open_registration);
    slug.textContent = team.slug;
    limits.show(team);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    saved.textContent = '';
    save.disabled = true;
    try {
      show(await api('/api/team', {method: 'PUT', body: {name: name.value.trim(), open_registration: open.checked}}));
      saved.textContent = 'Saved.';
    } catch (error) {
      showError(`The team could not be saved: ${error.message}`);
    } finally {
      save.disabled = false;
    }
  });

  api('/api/team').then(show, (error) => showError(`The team could not be loaded: ${error.message}`));
  return {element};
}

const QUOTAS = [
  {name: 'max_concurrent_generations', label: 'Answers at the same time', hint: 'Across the whole team, chat and API.'},
  {name: 'requests_per_minute_per_user', label: 'Messages per minute, per member', hint: 'Each member on their own.'},
  {name: 'requests_per_minute_per_key', label: 'Requests per minute, per API key', hint: 'Each key on its own.'},
  {name: 'tokens_per_month', label: 'Tokens per month', hint: 'In and out together, for the team; counted per calendar month (UTC).'},
];

/** The team's quotas: a number sets one, an empty field leaves it to the default (shown as the placeholder). */
function quotaForm() {
  const inputs = Object.fromEntries(QUOTAS.map((quota) => [quota.name,
    h('input', {type: 'number', min: 1, step: 1, inputmode: 'numeric', 'data-testid': `quota-${quota.name.replaceAll('_', '-')}`})]));
  const save = h('button', {type: 'submit', class: 'primary', 'data-testid': 'quota-save'}, 'Save limits');
  const saved = h('span', {class: 'muted', role: 'status', 'data-testid': 'quota-saved'});
  const element = h('form', {class: 'card', 'aria-label': 'Limits', hidden: true, 'data-testid': 'quotas'},
    h('h2', null, 'Limits'),
    h('p', {class: 'muted small'}, 'Leave a field empty to use the server’s default (shown greyed). A request over a limit is refused with “429 Too Many Requests”.'),
    h('div', {class: 'quota-grid'}, QUOTAS.map((quota) => field(quota.label, inputs[quota.name], quota.hint))),
    h('div', {class: 'form-buttons'}, saved, save));

  function show(team) {
    if (!team.quotas) return; // a server without quotas
    element.hidden = false;
    const defaults = team.quota_defaults || {};
    for (const quota of QUOTAS) {
      const value = team.quotas[quota.name];
      inputs[quota.name].value = value === null || value === undefined ? '' : String(value);
      const fallback = defaults[quota.name];
      inputs[quota.name].placeholder = fallback === null || fallback === undefined
        ? 'Default: unlimited' : `Default: ${new Intl.NumberFormat().format(fallback)}`;
    }
  }

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    saved.textContent = '';
    const quotas = {};
    for (const quota of QUOTAS) {
      const text = inputs[quota.name].value.trim();
      const value = Number(text);
      if (text && (!Number.isInteger(value) || value < 1)) {
        showError(`${quota.label}: a whole number of at least 1, or empty for the default.`);
        inputs[quota.name].focus();
        return;
      }
      quotas[quota.name] = text ? value : null;
    }
    save.disabled = true;
    try {
      show(await api('/api/team', {method: 'PUT', body: {quotas}}));
      saved.textContent = 'Saved.';
    } catch (error) {
      showError(`The limits could not be saved: ${error.message}`);
    } finally {
      save.disabled = false;
    }
  });
  return {element, show};
}
