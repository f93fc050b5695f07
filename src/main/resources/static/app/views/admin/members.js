// Members: roles and deactivation. The server keeps at least one active admin (409 otherwise).

import {api} from '../../api.js';
import {clearError, formatTime, h, showError} from '../../dom.js';

export function membersSection({user}) {
  const body = h('tbody');
  const element = h('div', null,
    h('h1', null, 'Members'),
    h('p', {class: 'muted'}, 'A changed role or a deactivation signs the member out everywhere at once.'),
    h('div', {class: 'table-wrap'},
      h('table', {class: 'table', 'data-testid': 'members'},
        h('thead', null, h('tr', null, h('th', null, 'Member'), h('th', null, 'Role'), h('th', null, 'Status'), h('th', null, 'Joined'))),
        body)));

  async function refresh() {
    try {
      const members = await api('/api/team/members');
      body.replaceChildren(...members.map(row));
    } catch (error) {
      showError(`The members could not be loaded: ${error.message}`);
    }
  }

  async function change(member, update) {
    clearError();
    try {
      await api(`/api/team/members/${member.id}`, {method: 'PUT', body: update});
    } catch (error) {
      showError(error.status === 409 ? `${error.message}.` : `The member could not be changed: ${error.message}`);
    }
    await refresh();
  }

  function row(member) {
    const role = h('select', {'aria-label': `Role of ${member.email}`, 'data-testid': 'member-role'},
      h('option', {value: 'user', selected: member.role === 'user'}, 'Member'),
      h('option', {value: 'admin', selected: member.role === 'admin'}, 'Admin'));
    role.addEventListener('change', () => change(member, {role: role.value}));
    const toggle = h('button', {type: 'button', class: member.is_active ? 'danger' : '', 'data-testid': 'member-active'},
      member.is_active ? 'Deactivate' : 'Reactivate');
    toggle.addEventListener('click', () => {
      if (member.is_active && !window.confirm(`Deactivate ${member.email}? They are signed out and cannot sign in again until reactivated.`)) return;
      change(member, {is_active: !member.is_active});
    });
    return h('tr', {'data-member-id': member.id},
      h('td', null, h('strong', null, member.name || member.email), member.name ? h('div', {class: 'muted small'}, member.email) : null,
        member.id === user.id ? h('div', {class: 'muted small'}, '(you)') : null),
      h('td', null, role),
      h('td', null, h('span', {class: member.is_active ? 'pill ok' : 'pill off'}, member.is_active ? 'Active' : 'Deactivated'), ' ', toggle),
      h('td', null, formatTime(member.created_at)));
  }

  refresh();
  return {element};
}
