// Team settings: the name, and whether people may join by the team's slug without an invite.

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
  const element = h('div', null, h('h1', null, 'Team settings'), form);

  function show(team) {
    name.value = team.name;
    open.checked = Boolean(team.open_registration);
    slug.textContent = team.slug;
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
