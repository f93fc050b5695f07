// The team console for admins: one section per #/admin/<section>.

import {h} from '../../dom.js';
import {agentsSection} from './agents.js';
import {membersSection} from './members.js';
import {invitesSection} from './invites.js';
import {teamSection} from './team.js';
import {apiKeysSection} from './api-keys.js';
import {usageSection} from './usage.js';

const SECTIONS = [
  {path: 'agents', label: 'Agents', build: agentsSection},
  {path: 'members', label: 'Members', build: membersSection},
  {path: 'invites', label: 'Invites', build: invitesSection},
  {path: 'team', label: 'Team settings', build: teamSection},
  {path: 'api-keys', label: 'API keys', build: apiKeysSection},
  {path: 'usage', label: 'Usage', build: usageSection},
];

export function adminConsole({user}) {
  const links = SECTIONS.map((section) =>
    h('a', {href: `#/admin/${section.path}`, class: 'tab', 'data-testid': `admin-tab-${section.path}`}, section.label));
  const content = h('section', {class: 'admin-content'});
  const element = h('div', {class: 'admin'},
    h('nav', {class: 'tabs', 'aria-label': 'Team console'}, links),
    content);
  let current = null;
  let currentPath = null;

  return {
    element,
    show(parts) {
      const section = SECTIONS.find((candidate) => candidate.path === parts[0]) || SECTIONS[0];
      if (section.path === currentPath) return;
      currentPath = section.path;
      links.forEach((link, index) => link.toggleAttribute('aria-current', SECTIONS[index] === section));
      if (current && current.destroy) current.destroy();
      current = section.build({user});
      content.replaceChildren(current.element);
    },
    destroy() {
      if (current && current.destroy) current.destroy();
    },
  };
}
