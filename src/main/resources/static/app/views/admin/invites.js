// Invites: one-time links that register a person into the team with a role. The token is shown once.

import {api} from '../../api.js';
import {clearError, copyText, field, formatTime, h, showError} from '../../dom.js';

export function invitesSection() {
  const role = h('select', {'data-testid': 'invite-role'}, h('option', {value: 'user'}, 'Member'), h('option', {value: 'admin'}, 'Admin'));
  const email = h('input', {type: 'email', 'data-testid': 'invite-email', placeholder: 'Anyone with the link'});
  const hours = h('input', {type: 'number', min: 1, max: 8760, 'data-testid': 'invite-hours', placeholder: '168'});
  const create = h('button', {type: 'submit', class: 'primary', 'data-testid': 'invite-create'}, 'Create invite link');
  const created = h('div', {class: 'created', hidden: true});
  const body = h('tbody');
  const element = h('div', null,
    h('h1', null, 'Invites'),
    h('form', {class: 'card inline-form', 'aria-label': 'New invite'},
      field('Role', role), field('Only for this email (optional)', email), field('Valid for hours (optional)', hours), create),
    created,
    h('div', {class: 'table-wrap'},
      h('table', {class: 'table', 'data-testid': 'invites'},
        h('thead', null, h('tr', null, h('th', null, 'Role'), h('th', null, 'For'), h('th', null, 'Status'), h('th', null, 'Expires'), h('th', null, ''))),
        body)));

  create.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError();
    const request = {role: role.value};
    if (email.value.trim()) request.email = email.value.trim();
    if (hours.value) request.expires_in_hours = Number(hours.value);
    create.disabled = true;
    try {
      const invite = await api('/api/team/invites', {method: 'POST', body: request});
      email.value = '';
      await refresh();
      showLink(`${location.origin}/?invite=${encodeURIComponent(invite.token)}`);
    } catch (error) {
      showError(`The invite could not be created: ${error.message}`);
    } finally {
      create.disabled = false;
    }
  });

  function showLink(link) {
    const input = h('input', {type: 'text', readOnly: true, value: link, 'data-testid': 'invite-link', 'aria-label': 'Invite link'});
    const copy = h('button', {type: 'button', 'data-testid': 'invite-copy'}, 'Copy link');
    copy.addEventListener('click', async () => {
      try {
        await copyText(link);
        copy.textContent = 'Copied';
      } catch {
        input.select();
        copy.textContent = 'Press Ctrl+C to copy';
      }
    });
    created.replaceChildren(
      h('p', null, h('strong', null, 'Send this link to the person you invite.'), ' It is shown only now and works once.'),
      h('div', {class: 'copy-row'}, input, copy));
    created.hidden = false;
    input.focus();
    input.select();
  }

  async function refresh() {
    try {
      const invites = await api('/api/team/invites');
      body.replaceChildren(...invites.map(row));
    } catch (error) {
      showError(`The invites could not be loaded: ${error.message}`);
    }
  }

  function row(invite) {
    const revoke = invite.status === 'pending'
      ? h('button', {type: 'button', class: 'danger', 'data-testid': 'invite-revoke'}, 'Revoke') : null;
    if (revoke) {
      revoke.addEventListener('click', async () => {
        try {
          await api(`/api/team/invites/${invite.id}`, {method: 'DELETE'});
        } catch (error) {
          showError(`The invite could not be revoked: ${error.message}`);
        }
        await refresh();
      });
    }
    return h('tr', {'data-invite-id': invite.id},
      h('td', null, invite.role === 'admin' ? 'Admin' : 'Member'),
      h('td', null, invite.email || 'Anyone with the link'),
      h('td', null, h('span', {class: `pill ${invite.status === 'pending' ? 'ok' : 'off'}`}, invite.status)),
      h('td', null, formatTime(invite.expires_at)),
      h('td', null, revoke));
  }

  refresh();
  return {element};
}
