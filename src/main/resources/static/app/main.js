// Start-up: who is signed in decides between the sign-in form, the invite's registration form and the app.

import {api, whenSignedOut} from './api.js';
import {clearError, showError} from './dom.js';
import {registerView, signInView} from './views/sign-in.js';
import {shellView} from './views/shell.js';

const root = document.getElementById('app');
document.getElementById('banner-close').addEventListener('click', clearError);

let shell = null;

function show(element) {
  if (shell && shell.element !== element) {
    shell.destroy();
    shell = null;
  }
  root.replaceChildren(element);
}

function signIn() {
  show(signInView({onSignedIn: enter}));
}

function enter(user) {
  clearError();
  shell = shellView({user, onSignedOut: signIn});
  show(shell.element);
}

whenSignedOut(() => {
  if (!shell) return;
  signIn();
  showError('Your session has ended. Please sign in again.');
});

async function start() {
  const invite = new URLSearchParams(location.search).get('invite');
  let user = null;
  try {
    user = await api('/api/auth/me');
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  }
  if (invite && !user) {
    show(registerView({invite, onSignedIn: enter}));
  } else if (!user) {
    signIn();
  } else {
    if (invite) {
      history.replaceState(null, '', '/' + location.hash);
      showError(`You are signed in as ${user.email}. To accept the invite with another account, sign out and open the invite link again.`);
    }
    enter(user);
  }
}

start();
