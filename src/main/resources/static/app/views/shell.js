// The signed-in page: the top bar and the screen the address's #fragment names
// (#/ and #/new: pick an agent; #/new/<agent id>; #/chats/<chat id>; #/admin/<section> for admins).

import {api} from '../api.js';
import {clearError, h} from '../dom.js';
import {chatScreen} from './chat-screen.js';
import {adminConsole} from './admin/console.js';

export function shellView({user, onSignedOut}) {
  const isAdmin = user.role === 'admin';
  const main = h('div', {class: 'screen', id: 'main', tabindex: -1});
  const chatsLink = h('a', {href: '#/', class: 'nav-link'}, 'Chats');
  const adminLink = isAdmin ? h('a', {href: '#/admin', class: 'nav-link', 'data-testid': 'admin-link'}, 'Team console') : null;
  const signOut = h('button', {type: 'button', class: 'link-button', 'data-testid': 'logout'}, 'Sign out');
  const element = h('div', {class: 'shell'},
    // a button, not a #fragment link: the fragment is the page's route
    h('button', {type: 'button', class: 'skip-link', onclick: () => main.focus()}, 'Skip to content'),
    h('header', {class: 'topbar'},
      h('a', {class: 'brand', href: '#/'}, h('img', {src: '/app/icon.svg', alt: '', width: 24, height: 24}), h('span', null, 'Chat Gateway')),
      h('span', {class: 'team-name'}, user.team ? user.team.name : ''),
      h('nav', {class: 'nav', 'aria-label': 'Main'}, chatsLink, adminLink),
      h('span', {class: 'me', title: user.email}, user.name || user.email),
      signOut),
    main);

  let screen = null;

  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      await api('/api/auth/logout', {method: 'POST'});
    } catch {
      // the cookie may be gone already: the page signs out either way
    }
    history.replaceState(null, '', '/');
    onSignedOut();
  });

  function route() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    const wantsAdmin = parts[0] === 'admin' && isAdmin;
    const kind = wantsAdmin ? 'admin' : 'chats';
    chatsLink.toggleAttribute('aria-current', kind === 'chats');
    if (adminLink) adminLink.toggleAttribute('aria-current', kind === 'admin');
    if (!screen || screen.kind !== kind) {
      if (screen) screen.destroy();
      clearError();
      screen = kind === 'admin' ? adminConsole({user}) : chatScreen({user});
      screen.kind = kind;
      main.replaceChildren(screen.element);
    }
    screen.show(wantsAdmin ? parts.slice(1) : parts);
  }

  window.addEventListener('hashchange', route);
  route();

  return {
    element,
    destroy() {
      window.removeEventListener('hashchange', route);
      if (screen) screen.destroy();
    },
  };
}
