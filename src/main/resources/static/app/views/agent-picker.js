// Starting a chat: one button per agent of the team, with its avatar and description.

import {h} from '../dom.js';

export function avatar(agent, size = 40) {
  if (agent && agent.avatar_url) {
    return h('img', {class: 'avatar', src: agent.avatar_url, alt: '', width: size, height: size, loading: 'lazy'});
  }
  const initial = agent && agent.name ? agent.name.trim().charAt(0).toUpperCase() : '?';
  return h('span', {class: 'avatar avatar-initial', 'aria-hidden': 'true'}, initial);
}

export function agentPicker({agents, onPick}) {
  const usable = agents.filter((agent) => agent.is_active !== false);
  const heading = h('h1', {tabindex: -1}, 'Start a chat');
  const element = h('div', {class: 'picker'},
    heading,
    usable.length === 0
      ? h('p', {class: 'muted'}, 'Your team has no agents yet. A team admin can add one in the team console.')
      : h('p', {class: 'muted'}, 'Pick the agent you want to talk to.'),
    h('ul', {class: 'agent-grid'}, usable.map((agent) => h('li', null,
      h('button', {type: 'button', class: 'agent-option', 'data-testid': 'agent-option', 'data-agent-id': agent.id,
        onclick: () => onPick(agent)},
        avatar(agent, 48),
        h('span', {class: 'agent-text'},
          h('span', {class: 'agent-name'}, agent.name),
          h('span', {class: 'agent-description'}, agent.description || 'No description.')))))));
  return {element, destroy() {}};
}
